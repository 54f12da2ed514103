/**
 * The sandbox's public API (used by `hub sandbox …` and `hub demo`):
 * - generateScenario(options) → Scenario (pure, deterministic)
 * - exportBundles(scenario, dir) → the `file://` bundles + ground-truth.json
 * - exportCity(dir, { districts, … }) → a city of districts as bundles, one district in memory at a time
 * - startSandbox(options) → five servers on free ports, their URLs and credentials, clock and fault controls
 */
import { FaultInjector, type FaultSwitches } from './faults';
import { generateScenario, type Scenario, type ScenarioOptions } from './scenario';
import type { SourceId } from './scenario/types';
import { startConstructionServer } from './servers/construction';
import { startFileServer } from './servers/files';
import { startHouseholdServer } from './servers/household';
import { ScenarioClock, type RunningServer } from './servers/http';
import { startIndustrialServer } from './servers/industrial';

export { generateScenario, recordCount } from './scenario';
export type { Scenario, ScenarioOptions, GroundTruth } from './scenario';
export { exportBundles } from './bundles';
export { cityDistrict, districtSeed, exportCity, MAX_CITY_DISTRICTS } from './city';
export type { CityExportOptions, CityExportResult } from './city';
export type { FaultSwitches } from './faults';
export { signIndustrialRequest } from './servers/industrial';

/** The credentials the sandbox servers accept, under the env-var names the specs use. */
export interface SandboxCredentials {
  INDUSTRIAL_APP_KEY: string;
  INDUSTRIAL_APP_SECRET: string;
  HOUSEHOLD_CLIENT_ID: string;
  HOUSEHOLD_CLIENT_SECRET: string;
  CONSTRUCTION_API_KEY: string;
  TAXSTAT_USER: string;
  TAXSTAT_PASSWORD: string;
}

export const DEFAULT_SANDBOX_CREDENTIALS: SandboxCredentials = {
  INDUSTRIAL_APP_KEY: 'sandbox-industrial-key',
  INDUSTRIAL_APP_SECRET: 'sandbox-industrial-secret-0123456789',
  HOUSEHOLD_CLIENT_ID: 'sandbox-household-client',
  HOUSEHOLD_CLIENT_SECRET: 'sandbox-household-secret-0123456789',
  CONSTRUCTION_API_KEY: 'sandbox-construction-key-0123456789',
  TAXSTAT_USER: 'sandbox',
  TAXSTAT_PASSWORD: 'sandbox-taxstat-password',
};

export interface SandboxOptions {
  /** a scenario to serve, or options to generate one */
  scenario?: Scenario;
  scenarioOptions?: ScenarioOptions;
  /** initial scenario clock (epoch ms or ISO); default: the scenario horizon (all data complete) */
  asOf?: number | string;
  /** fixed ports per source (default: any free port) */
  ports?: Partial<Record<SourceId, number>>;
  host?: string;
  credentials?: Partial<SandboxCredentials>;
  faults?: Partial<Record<SourceId, FaultSwitches>>;
  /** household token lifetime in seconds (default 3600) */
  householdTokenTtlSeconds?: number;
}

export interface RunningSandbox {
  scenario: Scenario;
  /** base URL per source, to use as SOURCE_<ID>_URL */
  urls: Record<SourceId, string>;
  credentials: SandboxCredentials;
  /** `SOURCE_*_URL=…` and credential lines, ready to paste into an env file */
  envLines(): string[];
  /** the scenario clock: what the servers show is the data as of this instant */
  clock: { now(): number; set(asOf: number | string): void; advance(ms: number): void };
  setFaults(source: SourceId, switches: FaultSwitches): void;
  stop(): Promise<void>;
}

function toMs(value: number | string): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`not a time: ${String(value)}`);
  return ms;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const scenario = options.scenario ?? generateScenario(options.scenarioOptions);
  const credentials: SandboxCredentials = { ...DEFAULT_SANDBOX_CREDENTIALS, ...options.credentials };
  const clock = new ScenarioClock(options.asOf === undefined ? scenario.horizon : toMs(options.asOf));
  const seed = scenario.options.seed;
  const faults: Record<SourceId, FaultInjector> = {
    industrial: new FaultInjector(`${seed}/faults/industrial`),
    household: new FaultInjector(`${seed}/faults/household`),
    construction: new FaultInjector(`${seed}/faults/construction`),
    medical: new FaultInjector(`${seed}/faults/medical`),
    taxstat: new FaultInjector(`${seed}/faults/taxstat`),
  };
  for (const [source, switches] of Object.entries(options.faults ?? {})) faults[source as SourceId].set(switches);
  const ports = options.ports ?? {};
  const servers: Record<SourceId, RunningServer> = {
    industrial: await startIndustrialServer(scenario.rest.industrial, clock, faults.industrial, { appKey: credentials.INDUSTRIAL_APP_KEY, appSecret: credentials.INDUSTRIAL_APP_SECRET }, ports.industrial),
    household: await startHouseholdServer(scenario.rest.household, clock, faults.household, { clientId: credentials.HOUSEHOLD_CLIENT_ID, clientSecret: credentials.HOUSEHOLD_CLIENT_SECRET }, { tokenTtlSeconds: options.householdTokenTtlSeconds }, ports.household),
    construction: await startConstructionServer(scenario.rest.construction, clock, faults.construction, credentials.CONSTRUCTION_API_KEY, ports.construction),
    medical: await startFileServer(scenario.files.medical, clock, faults.medical, { kind: 'medical' }, ports.medical),
    taxstat: await startFileServer(scenario.files.taxstat, clock, faults.taxstat, { kind: 'taxstat', basicAuth: { user: credentials.TAXSTAT_USER, password: credentials.TAXSTAT_PASSWORD } }, ports.taxstat),
  };
  const urls = Object.fromEntries(Object.entries(servers).map(([source, s]) => [source, s.url])) as Record<SourceId, string>;
  return {
    scenario,
    urls,
    credentials,
    envLines: () => [
      ...Object.entries(urls).map(([source, url]) => `SOURCE_${source.toUpperCase()}_URL=${url}`),
      ...Object.entries(credentials).map(([name, value]) => `${name}=${value}`),
    ],
    clock: { now: () => clock.now(), set: (asOf) => clock.set(toMs(asOf)), advance: (ms) => clock.advance(ms) },
    setFaults: (source, switches) => faults[source].set(switches),
    stop: async () => {
      await Promise.all(Object.values(servers).map((s) => s.close()));
    },
  };
}
