/**
 * The connectors by source id, built from the validated configuration (src/config.ts). A source whose
 * `SOURCE_*_URL` is unset is simply absent. Adding a source: a folder exporting a ConnectorDefinition,
 * and one line in `connectorDefinitions`.
 */
import type { Logger } from 'pino';
import type { Config } from '../src/config';
import { childLogger } from '../src/infra/log';
import { constructionConnector } from './construction';
import type { Connector } from './contract';
import type { SourceMapping } from './mapping';
import { SourceConfigError } from './errors';
import type { HttpTransportOptions } from './http';
import { householdConnector } from './household';
import { industrialConnector } from './industrial';
import { medicalConnector } from './medical';
import { taxstatConnector } from './taxstat';

/** Settings every connector accepts besides its own URL and credentials. */
export interface SharedConnectorSettings {
  http?: HttpTransportOptions;
  logger?: Logger;
}

export interface ConnectorDefinition {
  id: string;
  /** The connector for this configuration, or null when the source is not configured. */
  fromConfig: (config: Config, shared: SharedConnectorSettings) => Connector | null;
  /** Source records → unified model (connectors/MAPPING.md), pure; run by the sync engine. */
  mapping: SourceMapping;
}

export const connectorDefinitions: readonly ConnectorDefinition[] = [
  industrialConnector,
  householdConnector,
  constructionConnector,
  medicalConnector,
  taxstatConnector,
];

export type ConnectorRegistry = ReadonlyMap<string, Connector>;

/** Every configured connector, keyed by source id. */
export function buildConnectors(config: Config, shared: Omit<SharedConnectorSettings, 'logger'> = {}): ConnectorRegistry {
  const connectors = new Map<string, Connector>();
  for (const definition of connectorDefinitions) {
    const connector = definition.fromConfig(config, { ...shared, logger: childLogger('connector', { source: definition.id }) });
    if (connector) connectors.set(connector.id, connector);
  }
  return connectors;
}

export function connectorById(registry: ConnectorRegistry, id: string): Connector {
  const connector = registry.get(id);
  if (!connector) {
    const known = connectorDefinitions.map((definition) => definition.id).join(', ');
    throw new SourceConfigError(id, registry.size === 0 || !connectorDefinitions.some((d) => d.id === id) ? `unknown source; sources: ${known}` : `source not configured (set its SOURCE_*_URL)`);
  }
  return connector;
}

/** The mapping of a source id (connectors/<source>/map.ts). */
export function mappingOf(id: string): SourceMapping {
  const definition = connectorDefinitions.find((d) => d.id === id);
  if (!definition) throw new SourceConfigError(id, `unknown source; sources: ${connectorDefinitions.map((d) => d.id).join(', ')}`);
  return definition.mapping;
}
