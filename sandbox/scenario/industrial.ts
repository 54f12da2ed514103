/**
 * The industrial platform (sources/industrial.md): enterprises, general-waste monthly ledgers, hazardous
 * waste manifests and HW monthly ledgers, generated in integer grams, with the discrepancies of HW-QTY,
 * HW-LATE, HW-LEDGER, HW-LICENCE, HW-CODE, GIS-BALANCE and the platform side of ID-USCC injected.
 */
import { cstIso, cstMidnight, DAY_MS, daysInMonth, HOUR_MS, monthCompact, monthKey, toMinute, type MonthRef } from './clock';
import { spellingVariant, type ScenarioContext } from './context';
import { GRAMS_PER_TONNE, roundGrams, tonnesNumber } from './mass';
import type { Rng } from './prng';
import { catalogueGroup, HW_CLASSES, SECTORS, type HwClassProfile, type IndustrySector } from './reference';
import type { IndustrialStream, JsonRecord, VersionedRecord } from './types';
import { corruptUsccCheck } from './uscc';

/** Industrial quantities are stated in tonnes with 4 decimals: 100 g. */
export const INDUSTRIAL_STEP_G = 100;

export type EnterpriseRole = 'CSDW' | 'JYDW' | 'YSDW' | 'LYDW';

export interface Enterprise {
  platformId: string;
  uscc: string;
  name: string;
  street: string;
  address: string;
  sector: IndustrySector;
  industryCode: string;
  aboveDesignatedSize: boolean;
  roles: EnterpriseRole[];
  licenceNo: string | null;
  licensedClasses: string[];
  receiverRoutes: string[];
  capacityT: number | null;
  isHwGenerator: boolean;
  /** median monthly general waste, grams */
  generalScaleG: number;
  registeredAt: number;
}

export interface GeneralLedgerRow {
  id: string;
  uscc: string;
  name: string;
  month: MonthRef;
  /** the waste's catalogue code ('' when the name matches none) */
  code: string;
  codeName: string;
  /** true when the row is written without its code (fwdm empty, fwmc only) */
  freeText: boolean;
  openingG: number;
  generatedG: number;
  utilisedOnSiteG: number;
  utilisedContractedG: number;
  disposedOnSiteG: number;
  disposedContractedG: number;
  landfill: boolean;
  utilisedFromStockG: number;
  closingG: number;
  /** share of this month's generation put into storage (tax 贮存量) */
  storedNewG: number;
  submittedAt: number;
  /** a first submission with a typo, corrected later */
  firstVersion: { at: number; generatedG: number; utilisedContractedG: number } | null;
}

export interface HwLedgerRow {
  id: string;
  uscc: string;
  month: MonthRef;
  code: string;
  hwClass: string;
  generatedG: number;
  onSiteG: number;
  shippedG: number;
  closingG: number;
  /** what the row states as shipped (differs from the manifests' sum only when injected) */
  statedShippedG: number;
  statedCode: string;
  statedClass: string;
  submittedAt: number;
}

export interface HwManifest {
  manifestNo: string;
  generator: Enterprise;
  generatorNameAsWritten: string;
  transporterUscc: string;
  receiver: Enterprise;
  code: string;
  hwClass: string;
  statedClass: string;
  form: string;
  shippedG: number;
  receivedG: number | null;
  shippedAt: number | null;
  receivedAt: number | null;
  /** the jssj the receiver wrote, when it is not the true time (an implausible receipt before shipment) */
  statedReceivedAt?: number;
  /** the generator wrote the code without hyphens (90004149): the same code, not a finding */
  codeWithoutHyphens?: boolean;
  route: string;
  openedAt: number;
  closedAt: number | null;
  voidedAt: number | null;
  /** HW-LATE: never received */
  late: boolean;
}

export interface IndustrialData {
  enterprises: Enterprise[];
  generators: Enterprise[];
  generalRows: GeneralLedgerRow[];
  hwRows: HwLedgerRow[];
  manifests: HwManifest[];
  streams: Record<IndustrialStream, VersionedRecord[]>;
}

interface ReceiverTemplate {
  word: string;
  classes: string[];
  routes: string[];
  capacityT: number;
}

/** Licensed operators (经营单位): what each may take (hzlb) and the routes it runs. */
const RECEIVERS: readonly ReceiverTemplate[] = [
  { word: '环保技术', classes: ['HW06', 'HW08', 'HW09', 'HW12', 'HW13', 'HW17', 'HW34', 'HW49', 'HW50'], routes: ['D10', 'R9', 'D9', 'R8'], capacityT: 100_000 },
  { word: '化工', classes: ['HW06', 'HW34', 'HW22'], routes: ['R2', 'R6', 'R4'], capacityT: 50_000 },
  { word: '再生资源', classes: ['HW08', 'HW09', 'HW17', 'HW22', 'HW31', 'HW50'], routes: ['R9', 'R4', 'R8', 'D9'], capacityT: 40_000 },
  { word: '环境服务', classes: ['HW06', 'HW08', 'HW12', 'HW29', 'HW31', 'HW34', 'HW49'], routes: ['C'], capacityT: 10_000 },
  { word: '固废处置', classes: ['HW17', 'HW18', 'HW49'], routes: ['D1'], capacityT: 30_000 },
  { word: '资源循环', classes: ['HW06', 'HW17', 'HW34'], routes: ['R2', 'R6', 'R4'], capacityT: 60_000 },
];

/** Count shares of generators by sector; mass shares come out near the seed's through `massFactor`. */
const SECTOR_COUNT_SHARE: Record<IndustrySector, number> = { IT: 0.35, AUTO: 0.25, ROBOTICS: 0.08, BIOTECH: 0.1, OTHER: 0.22 };

function splitIntoPieces(totalG: number, targetG: number, rng: Rng): number[] {
  let count = Math.max(1, Math.round(totalG / targetG));
  if (totalG < count * 1000 * INDUSTRIAL_STEP_G) count = Math.max(1, Math.floor(totalG / (1000 * INDUSTRIAL_STEP_G)));
  if (count <= 1) return [totalG];
  const weights = Array.from({ length: count }, () => rng.real(0.6, 1.4));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const pieces: number[] = [];
  let remaining = totalG;
  for (let i = 0; i < count - 1; i++) {
    const piece = Math.max(INDUSTRIAL_STEP_G, roundGrams((totalG * (weights[i] as number)) / weightSum, INDUSTRIAL_STEP_G));
    pieces.push(piece);
    remaining -= piece;
  }
  if (remaining < INDUSTRIAL_STEP_G) return [totalG];
  pieces.push(remaining);
  return pieces;
}

function tonnes(grams: number): number {
  return tonnesNumber(grams);
}

export function generateIndustrial(ctx: ScenarioContext): IndustrialData {
  const rng = ctx.rng.fork('industrial');
  const truth = ctx.truth;
  const enterprises: Enterprise[] = [];
  let nextPlatformId = 1;

  const newEnterprise = (partial: Omit<Enterprise, 'platformId' | 'registeredAt' | 'address'>): Enterprise => {
    const e: Enterprise = {
      ...partial,
      platformId: `QY${ctx.tag}${String(nextPlatformId++).padStart(6, '0')}`,
      address: `${partial.street}${rng.pick(['科创', '经海', '宏达', '康定', '永昌', '地盛', '兴盛'])}${rng.pick(['北路', '南路', '东街', '中路'])}${rng.int(1, 99)}号`,
      registeredAt: ctx.start - rng.int(30, 900) * DAY_MS - rng.int(0, 86_000) * 1000,
    };
    enterprises.push(e);
    return e;
  };

  const receiverCount = Math.max(1, Math.ceil(ctx.options.size));
  const receivers: Enterprise[] = [];
  for (let copy = 0; copy < receiverCount; copy++) {
    RECEIVERS.forEach((template, i) => {
      receivers.push(
        newEnterprise({
          uscc: ctx.uscc.next(),
          name: ctx.organisationName(template.word, i % 2 === 0 ? '有限责任公司' : '有限公司'),
          street: rng.pick(ctx.streets).name,
          sector: 'OTHER',
          industryCode: '7724',
          aboveDesignatedSize: true,
          roles: ['JYDW'],
          licenceNo: `D11${ctx.tag}${String(copy * 10 + i + 1).padStart(ctx.tag ? 3 : 6, '0')}`,
          licensedClasses: template.classes,
          receiverRoutes: template.routes,
          capacityT: template.capacityT,
          isHwGenerator: false,
          generalScaleG: 0,
        }),
      );
    });
  }
  const transporters = Array.from({ length: ctx.scaled(3) }, () =>
    newEnterprise({
      uscc: ctx.uscc.next(), name: ctx.organisationName('物流运输'), street: rng.pick(ctx.streets).name, sector: 'OTHER',
      industryCode: '5430', aboveDesignatedSize: false, roles: ['YSDW'], licenceNo: null, licensedClasses: [],
      receiverRoutes: [], capacityT: null, isHwGenerator: false, generalScaleG: 0,
    }),
  );
  for (let i = 0; i < ctx.scaled(4); i++) {
    newEnterprise({
      uscc: ctx.uscc.next(), name: ctx.organisationName('资源回收'), street: rng.pick(ctx.streets).name, sector: 'OTHER',
      industryCode: '4220', aboveDesignatedSize: false, roles: ['LYDW'], licenceNo: null, licensedClasses: [],
      receiverRoutes: [], capacityT: null, isHwGenerator: false, generalScaleG: 0,
    });
  }

  // Generators: ~17 kt of general waste a month per district, skewed by enterprise size.
  const generatorCount = ctx.scaled(300);
  const hwGeneratorCount = ctx.scaled(60);
  const generators: Enterprise[] = [];
  const sectorWeights = SECTORS.map((s) => [s, SECTOR_COUNT_SHARE[s.sector]] as const);
  for (let i = 0; i < generatorCount; i++) {
    const sector = rng.weighted(sectorWeights);
    const massFactor = sector.share / SECTOR_COUNT_SHARE[sector.sector];
    generators.push(
      newEnterprise({
        uscc: ctx.uscc.next(), name: ctx.organisationName(rng.pick(sector.nameWords)), street: rng.pick(ctx.streets).name,
        sector: sector.sector, industryCode: rng.pick(sector.industryCodes), aboveDesignatedSize: rng.chance(0.45),
        roles: ['CSDW'], licenceNo: null, licensedClasses: [], receiverRoutes: [], capacityT: null, isHwGenerator: false,
        generalScaleG: roundGrams(rng.skewed(25 * GRAMS_PER_TONNE, 0.9) * massFactor, INDUSTRIAL_STEP_G),
      }),
    );
  }
  // HW generators come mostly from IT, autos and biotech (seed: HW06 solvents, HW34 acids, HW17 plating).
  const hwCandidates = generators.filter((g) => g.sector !== 'OTHER' || rng.chance(0.3));
  for (const g of rng.sample(hwCandidates, hwGeneratorCount)) g.isHwGenerator = true;

  // ID-USCC (invalid check character): a small general-only generator that declares nothing to tax.
  const invalidCandidates = generators.filter((g) => !g.isHwGenerator && !g.aboveDesignatedSize);
  for (const g of rng.sample(invalidCandidates, ctx.injectionCount('ID-USCC', Math.ceil(generators.length / 10)))) {
    const valid = g.uscc;
    g.uscc = corruptUsccCheck(valid);
    truth.claim(`enterprise:${g.uscc}`);
    truth.add('ID-USCC', { uscc: g.uscc }, { kind: 'INVALID_CHECK_CHARACTER', source: 'industrial', name: g.name, validWouldBe: valid.slice(17) });
  }

  const general = generateGeneralLedgers(ctx, rng.fork('general'), generators);
  const hw = generateHazardous(ctx, rng.fork('hw'), generators.filter((g) => g.isHwGenerator), receivers, transporters);

  const streams: Record<IndustrialStream, VersionedRecord[]> = {
    enterprises: enterprises.map((e) => enterpriseRecord(e, ctx, rng)),
    'general-ledgers': general.map(generalLedgerRecord),
    'hw-manifests': hw.manifests.map(manifestRecord),
    'hw-ledgers': hw.rows.map(hwLedgerRecord),
  };
  injectMalformedIndustrial(ctx, rng.fork('malformed'), streams, generators);
  return { enterprises, generators, generalRows: general, hwRows: hw.rows, manifests: hw.manifests, streams };
}

function generateGeneralLedgers(ctx: ScenarioContext, rng: Rng, generators: Enterprise[]): GeneralLedgerRow[] {
  const truth = ctx.truth;
  const rows: GeneralLedgerRow[] = [];
  const giRate = ctx.options.rates['GIS-BALANCE'];
  const nearRate = giRate * ctx.options.nearMissRatio;
  let injected = 0;
  let nearMisses = 0;
  for (const g of generators) {
    const sector = SECTORS.find((s) => s.sector === g.sector);
    if (!sector) throw new Error(`unknown sector ${g.sector}`);
    const groups = rng.sample(sector.catalogueGroups, rng.int(1, Math.min(3, sector.catalogueGroups.length)));
    const codes = groups.flatMap((group) => rng.sample(catalogueGroup(group), rng.int(1, 2)));
    const codeShares = codes.map(() => rng.real(0.3, 1.5));
    const shareSum = codeShares.reduce((a, b) => a + b, 0);
    // Older rows carry a free-text name instead of a code (industrial.md general-ledgers fwdm): a name the
    // catalogue knows (full-width brackets), a workshop's own name used with its code from some month on,
    // or a name that matches nothing (its chain is kept by name; DATA-QUALITY asks for the code).
    const freeTextVariant = rng.chance(0.15) ? rng.pick(['CATALOGUE_NAME', 'LEGACY_NAME', 'UNRESOLVED'] as const) : null;
    const utilisedShare = rng.real(0.93, 0.995);
    const contractedShare = rng.real(0.6, 0.95);
    const landfills = rng.chance(0.15);
    const storesSome = rng.chance(0.4);
    const entries: { code: string; name: string; share: number; nameOnlyBefore: number }[] = codes.map((c, i) => ({ code: c.code, name: c.name, share: (codeShares[i] as number) / shareSum, nameOnlyBefore: 0 }));
    const spare = rng.sample(catalogueGroup(rng.pick(groups)).filter((c) => !codes.some((k) => k.code === c.code) && c.code !== '99-14-01'), 1)[0];
    if (freeTextVariant === 'UNRESOLVED') entries.push({ code: '', name: rng.pick(['生产边角料', '其他边角料', '杂项废料', '车间混合废料']), share: 0.05, nameOnlyBefore: Infinity });
    if (freeTextVariant === 'CATALOGUE_NAME' && spare) entries.push({ code: spare.code, name: spare.name.normalize('NFKC').replace(/\(/g, '（').replace(/\)/g, '）'), share: 0.05, nameOnlyBefore: Infinity });
    if (freeTextVariant === 'LEGACY_NAME' && spare) entries.push({ code: spare.code, name: `一车间${spare.name}`, share: 0.05, nameOnlyBefore: rng.int(1, Math.max(1, ctx.months.length - 1)) });
    entries.forEach((entry, codeIndex) => {
      let opening = 0;
      ctx.months.forEach((month, monthIndex) => {
        const generated = Math.max(INDUSTRIAL_STEP_G, roundGrams(g.generalScaleG * entry.share * rng.real(0.8, 1.2), INDUSTRIAL_STEP_G));
        const freeText = monthIndex < entry.nameOnlyBefore;
        const stored = !storesSome ? 0 : roundGrams(generated * rng.real(0, 0.02), INDUSTRIAL_STEP_G);
        const utilisedNew = roundGrams((generated - stored) * utilisedShare, INDUSTRIAL_STEP_G);
        const disposed = generated - stored - utilisedNew;
        const fromStock = opening > 0 && rng.chance(0.3) ? roundGrams(opening * rng.real(0.2, 0.6), INDUSTRIAL_STEP_G) : 0;
        const utilised = utilisedNew + fromStock;
        const utilisedContracted = roundGrams(utilised * contractedShare, INDUSTRIAL_STEP_G);
        const disposedContracted = roundGrams(disposed * 0.8, INDUSTRIAL_STEP_G);
        let closing = opening + stored - fromStock;
        const lhs = opening + generated;
        const isLast = monthIndex === ctx.months.length - 1;
        // The key GIS-BALANCE chains the row by: its code, or the code its name resolves to in the catalogue,
        // else the name itself (a workshop name's first coded month teaches last month's row the code).
        const chainKey = entry.code !== '' && (!freeText || entry.nameOnlyBefore === Infinity) ? entry.code : `name:${wasteNameKey(entry.name)}`;
        const subject = { uscc: g.uscc, month: monthKey(month), code: chainKey };
        // A chain's first month has no known opening stock: not an imbalance, so nothing is injected there.
        if (lhs >= GRAMS_PER_TONNE && monthIndex > 0) {
          const forceLast = isLast && injected === 0 && g === generators[generators.length - 1];
          if (forceLast || rng.chance(giRate)) {
            const sign = closing > lhs * 0.2 && rng.chance(0.5) ? -1 : 1;
            const delta = sign * roundGrams(lhs * rng.real(0.04, 0.15), INDUSTRIAL_STEP_G);
            if (Math.abs(delta) * 100 > 2 * lhs && closing + delta >= 0) {
              closing += delta;
              injected++;
              truth.add('GIS-BALANCE', subject, { openingT: tonnes(opening), generatedT: tonnes(generated), outflowsT: tonnes(utilised + disposed), closingT: tonnes(closing), gapT: tonnes(-delta), gapPct: Number(((Math.abs(delta) * 100) / lhs).toFixed(2)) });
            }
          } else if (rng.chance(nearRate) || (isLast && nearMisses === 0 && injected > 0)) {
            const delta = roundGrams(lhs * rng.real(0.004, 0.015), INDUSTRIAL_STEP_G);
            if (delta > 0 && delta * 100 <= 1.5 * lhs) {
              closing += delta;
              nearMisses++;
              truth.nearMiss('GIS-BALANCE', subject, { gapT: tonnes(-delta), gapPct: Number(((delta * 100) / lhs).toFixed(2)) });
            }
          }
        }
        const next = cstMidnight(month, daysInMonth(month)) + DAY_MS;
        const submittedAt = toMinute(next + rng.int(1, 7) * DAY_MS + rng.int(9, 17) * HOUR_MS + rng.int(0, 59) * 60_000);
        const typo = rng.chance(0.04) ? roundGrams(generated * rng.real(0.05, 0.3), INDUSTRIAL_STEP_G) : 0;
        const id = `GL${monthCompact(month)}${g.platformId.slice(2)}${String(codeIndex + 1).padStart(2, '0')}`;
        if (chainKey.startsWith('name:')) truth.add('DATA-QUALITY', { stream: 'general-ledgers', id, field: 'fwmc' }, { kind: 'UNRESOLVED_WASTE_NAME', fwmc: entry.name });
        rows.push({
          id,
          uscc: g.uscc, name: g.name, month, code: entry.code, codeName: entry.name, freeText,
          openingG: opening, generatedG: generated, utilisedOnSiteG: utilised - utilisedContracted,
          utilisedContractedG: utilisedContracted, disposedOnSiteG: disposed - disposedContracted,
          disposedContractedG: disposedContracted, landfill: landfills && disposed > 0, utilisedFromStockG: fromStock,
          closingG: closing, storedNewG: stored, submittedAt,
          firstVersion: typo > 0 ? { at: submittedAt - rng.int(2, 5) * DAY_MS, generatedG: generated + typo, utilisedContractedG: utilisedContracted + typo } : null,
        });
        opening = closing;
      });
    });
  }
  return rows;
}

/** A free-text waste name as GIS-BALANCE keys it: width folded, spaces and brackets dropped. */
function wasteNameKey(name: string): string {
  return name.normalize('NFKC').replace(/[\s()[\]【】]/g, '').toLowerCase();
}

function pickReceiver(receivers: Enterprise[], hwClass: string, route: string, rng: Rng): Enterprise {
  const candidates = receivers.filter((r) => r.licensedClasses.includes(hwClass) && r.receiverRoutes.includes(route));
  if (candidates.length === 0) throw new Error(`no receiver for ${hwClass} ${route}`);
  return rng.pick(candidates);
}

function generateHazardous(
  ctx: ScenarioContext,
  rng: Rng,
  hwGenerators: Enterprise[],
  receivers: Enterprise[],
  transporters: Enterprise[],
): { rows: HwLedgerRow[]; manifests: HwManifest[] } {
  const rows: HwLedgerRow[] = [];
  const manifests: HwManifest[] = [];
  const classWeights = HW_CLASSES.map((c) => [c, c.share] as const);
  const sequenceByMonth = new Map<string, number>();
  const nextManifestNo = (month: MonthRef): string => {
    const key = monthCompact(month);
    const seq = (sequenceByMonth.get(key) ?? 0) + 1;
    sequenceByMonth.set(key, seq);
    return `${key}${ctx.divisionCode}${String(seq).padStart(8, '0')}`;
  };
  for (const g of hwGenerators) {
    // ~3.75 kt of industrial HW a month per district (seed 2020: 45.08 kt a year).
    const monthlyG = rng.skewed(50 * GRAMS_PER_TONNE, 0.9);
    const classes: HwClassProfile[] = [];
    const classCount = rng.int(1, 3);
    while (classes.length < classCount) {
      const c = rng.weighted(classWeights);
      if (!classes.includes(c)) classes.push(c);
    }
    const plans = classes.map((c) => ({ profile: c, code: rng.pick(c.codes), share: rng.real(0.3, 1.5), onSiteOnly: false }));
    // Some generators treat one stream entirely on site (e.g. an on-site waste-liquid line).
    if (rng.chance(0.2)) plans.push({ profile: HW_CLASSES.find((c) => c.hwClass === 'HW49') as HwClassProfile, code: '900-047-49', share: 0.1, onSiteOnly: true });
    const shareSum = plans.reduce((s, p) => s + p.share, 0);
    const onSiteShare = rng.chance(0.15) ? rng.real(0.05, 0.2) : 0;
    const transporter = rng.pick(transporters);
    plans.forEach((plan, planIndex) => {
      if (plans.findIndex((p) => p.code === plan.code) !== planIndex) return; // one row per code
      let opening = 0;
      ctx.months.forEach((month) => {
        const generated = Math.max(10 * INDUSTRIAL_STEP_G, roundGrams((monthlyG * plan.share) / shareSum * rng.real(0.8, 1.2), INDUSTRIAL_STEP_G));
        const onSite = plan.onSiteOnly ? generated : roundGrams(generated * onSiteShare, INDUSTRIAL_STEP_G);
        const shippable = opening + generated - onSite;
        const shipped = plan.onSiteOnly ? 0 : roundGrams(shippable * rng.real(0.85, 1), INDUSTRIAL_STEP_G);
        const closing = shippable - shipped;
        const next = cstMidnight(month, daysInMonth(month)) + DAY_MS;
        rows.push({
          id: `HL${monthCompact(month)}${g.platformId.slice(2)}${String(planIndex + 1).padStart(2, '0')}`,
          uscc: g.uscc, month, code: plan.code, hwClass: plan.profile.hwClass, generatedG: generated, onSiteG: onSite,
          shippedG: shipped, closingG: closing, statedShippedG: shipped, statedCode: plan.code, statedClass: plan.profile.hwClass,
          submittedAt: toMinute(next + rng.int(1, 7) * DAY_MS + rng.int(9, 17) * HOUR_MS + rng.int(0, 59) * 60_000),
        });
        opening = closing;
        if (shipped === 0) return;
        const liquid = plan.profile.form === '液态';
        const pieces = splitIntoPieces(shipped, rng.skewed((liquid ? 6 : 3) * GRAMS_PER_TONNE, 0.4), rng);
        const days = daysInMonth(month);
        for (const piece of pieces) {
          const route = rng.weighted(plan.profile.routes);
          const shippedAt = toMinute(cstMidnight(month, rng.int(1, days)) + rng.int(8 * 60, 17 * 60) * 60_000);
          const receivedAt = toMinute(shippedAt + rng.int(2 * 60, 72 * 60) * 60_000);
          const exact = rng.chance(0.6);
          const receivedG = exact ? piece : Math.max(INDUSTRIAL_STEP_G, roundGrams(piece * (1 - rng.real(0, 0.01)), INDUSTRIAL_STEP_G));
          const receiver = pickReceiver(receivers, plan.profile.hwClass, route, rng);
          manifests.push({
            manifestNo: nextManifestNo(month), generator: g,
            generatorNameAsWritten: rng.chance(0.1) ? spellingVariant(g.name, rng) : g.name,
            transporterUscc: transporter.uscc, receiver, code: plan.code, hwClass: plan.profile.hwClass,
            statedClass: plan.profile.hwClass, form: plan.profile.form, shippedG: piece, receivedG, shippedAt, receivedAt, route,
            openedAt: toMinute(shippedAt - rng.int(60, 24 * 60) * 60_000),
            closedAt: rng.chance(0.85) ? toMinute(receivedAt + rng.int(1, 5) * DAY_MS) : null,
            voidedAt: null, late: false,
          });
        }
      });
    });
  }
  manifests.sort((a, b) => (a.manifestNo < b.manifestNo ? -1 : 1));
  injectHazardous(ctx, rng.fork('inject'), rows, manifests, receivers);
  // Voided manifests: opened by mistake and voided the same day; no ledger counts them.
  const voidCount = Math.max(1, Math.round(manifests.length * 0.015));
  for (const template of rng.sample(manifests.filter((m) => !ctx.truth.isClaimed(`manifest:${m.manifestNo}`)), voidCount)) {
    const month = ctx.months[Math.min(ctx.months.length - 1, Math.floor(rng.next() * ctx.months.length))] as MonthRef;
    const openedAt = toMinute(cstMidnight(month, rng.int(1, daysInMonth(month))) + rng.int(8 * 60, 17 * 60) * 60_000);
    manifests.push({
      ...template, manifestNo: nextManifestNo(month), receivedG: null, shippedAt: null, receivedAt: null, openedAt,
      closedAt: null, voidedAt: openedAt + rng.int(30, 600) * 60_000, late: false,
    });
  }
  return { rows, manifests };
}

function injectHazardous(ctx: ScenarioContext, rng: Rng, rows: HwLedgerRow[], manifests: HwManifest[], receivers: Enterprise[]): void {
  const truth = ctx.truth;
  const free = (list: HwManifest[]) => list.filter((m) => !truth.isClaimed(`manifest:${m.manifestNo}`));

  // Some generators write the code without hyphens: the same code (HW-CODE must not flag it, HW-LEDGER joins it).
  for (const m of rng.sample(free(manifests), Math.max(1, Math.round(manifests.length * 0.02)))) {
    truth.claim(`manifest:${m.manifestNo}`);
    m.codeWithoutHyphens = true;
    truth.nearMiss('HW-CODE', { source: 'industrial', stream: 'hw-manifests', id: m.manifestNo }, { kind: 'CODE_WITHOUT_HYPHENS', fwdm: m.code.replace(/-/g, '') });
  }
  // A receipt time before the shipment (parses, cannot be true): stored, flagged by DATA-QUALITY only.
  const backdated = rng.sample(free(manifests).filter((m) => m.receivedAt !== null && m.shippedAt !== null && !m.late), 1)[0];
  if (backdated && backdated.shippedAt !== null) {
    truth.claim(`manifest:${backdated.manifestNo}`);
    backdated.statedReceivedAt = backdated.shippedAt - 2 * DAY_MS;
    truth.add('DATA-QUALITY', { stream: 'hw-manifests', id: backdated.manifestNo, field: 'jssj' }, { kind: 'RECEIVED_BEFORE_SHIPPED', jssj: cstIso(backdated.statedReceivedAt), ycsj: cstIso(backdated.shippedAt) });
  }

  // HW-QTY: received differs from shipped by more than 5 % (and near misses at 2–4.5 %).
  const qtyCount = ctx.injectionCount('HW-QTY', manifests.length);
  const qtyPool = rng.sample(free(manifests.filter((m) => m.shippedG >= 1000 * INDUSTRIAL_STEP_G)), qtyCount + ctx.nearMissCount(qtyCount));
  qtyPool.forEach((m, i) => {
    truth.claim(`manifest:${m.manifestNo}`);
    const beyond = i < qtyCount;
    const pct = beyond ? rng.real(0.06, 0.2) : rng.real(0.02, 0.045);
    const sign = rng.chance(0.8) ? -1 : 1;
    m.receivedG = roundGrams(m.shippedG * (1 + sign * pct), INDUSTRIAL_STEP_G);
    const gap = Math.abs((m.receivedG as number) - m.shippedG);
    const detail = { shippedT: tonnes(m.shippedG), receivedT: tonnes(m.receivedG as number), gapPct: Number(((gap * 100) / m.shippedG).toFixed(2)) };
    if (beyond && gap * 100 > 5 * m.shippedG) truth.add('HW-QTY', { manifestNo: m.manifestNo }, detail);
    else if (!beyond && gap * 100 <= 5 * m.shippedG) truth.nearMiss('HW-QTY', { manifestNo: m.manifestNo }, detail);
  });

  // HW-LATE: shipped, never received by the horizon (in transit > 5 days).
  for (const m of rng.sample(free(manifests), ctx.injectionCount('HW-LATE', manifests.length))) {
    truth.claim(`manifest:${m.manifestNo}`);
    m.late = true;
    m.receivedG = null;
    m.receivedAt = null;
    m.closedAt = null;
    truth.add('HW-LATE', { manifestNo: m.manifestNo }, { shippedAt: cstIso(m.shippedAt as number), status: '20', daysInTransitAtHorizon: Math.floor((ctx.horizon - (m.shippedAt as number)) / DAY_MS) });
  }

  // HW-LICENCE: received by an operator whose licence does not cover the class.
  for (const m of rng.sample(free(manifests), ctx.injectionCount('HW-LICENCE', manifests.length))) {
    const outsiders = receivers.filter((r) => !r.licensedClasses.includes(m.hwClass));
    if (outsiders.length === 0) continue;
    truth.claim(`manifest:${m.manifestNo}`);
    m.receiver = rng.pick(outsiders);
    truth.add('HW-LICENCE', { manifestNo: m.manifestNo }, { hwClass: m.hwClass, receiverUscc: m.receiver.uscc, licensedClasses: m.receiver.licensedClasses.join(',') });
  }

  // HW-CODE on manifests: the class field disagrees with the code's last two digits; the wrong class is
  // one the receiver is licensed for, so HW-LICENCE stays quiet whichever field it reads.
  const codeCount = ctx.injectionCount('HW-CODE', manifests.length + rows.length);
  for (const m of rng.sample(free(manifests.filter((x) => x.receiver.licensedClasses.length > 1)), codeCount)) {
    const wrong = m.receiver.licensedClasses.filter((c) => c !== m.hwClass);
    truth.claim(`manifest:${m.manifestNo}`);
    m.statedClass = rng.pick(wrong);
    truth.add('HW-CODE', { source: 'industrial', stream: 'hw-manifests', id: m.manifestNo }, { fwdm: m.code, fwlb: m.statedClass, kind: 'CLASS_MISMATCH' });
  }

  // HW-LEDGER: the ledger's shipped quantity differs from its manifests by more than 5 %.
  const shippedRows = rows.filter((r) => r.shippedG >= 10 * GRAMS_PER_TONNE / 10);
  const ledgerCount = ctx.injectionCount('HW-LEDGER', shippedRows.length);
  rng.sample(shippedRows, ledgerCount + ctx.nearMissCount(ledgerCount)).forEach((r, i) => {
    truth.claim(`hw-ledger:${r.id}`);
    const beyond = i < ledgerCount;
    const pct = beyond ? rng.real(0.08, 0.25) : rng.real(0.02, 0.04);
    r.statedShippedG = roundGrams(r.shippedG * (1 + (rng.chance(0.5) ? -pct : pct)), INDUSTRIAL_STEP_G);
    const gap = Math.abs(r.statedShippedG - r.shippedG);
    const subject = { uscc: r.uscc, month: monthKey(r.month), code: r.code };
    const detail = { ledgerWtzylT: tonnes(r.statedShippedG), manifestsYclT: tonnes(r.shippedG), gapPct: Number(((gap * 100) / r.shippedG).toFixed(2)) };
    if (beyond && gap * 100 > 5 * r.shippedG) truth.add('HW-LEDGER', subject, detail);
    else if (!beyond && gap * 100 <= 5 * r.shippedG) truth.nearMiss('HW-LEDGER', subject, detail);
  });

  // HW-CODE on ledgers: a class mismatch on a shipped row, and a malformed code on an on-site-only row
  // (no manifests, nothing shipped, so HW-LEDGER cannot trip on it).
  const classRow = rng.sample(rows.filter((r) => !truth.isClaimed(`hw-ledger:${r.id}`)), 1)[0];
  if (classRow) {
    truth.claim(`hw-ledger:${classRow.id}`);
    classRow.statedClass = rng.pick(HW_CLASSES.filter((c) => c.hwClass !== classRow.hwClass)).hwClass;
    truth.add('HW-CODE', { source: 'industrial', stream: 'hw-ledgers', id: classRow.id }, { fwdm: classRow.code, fwlb: classRow.statedClass, kind: 'CLASS_MISMATCH' });
  }
  const onSiteRow = rng.sample(rows.filter((r) => r.shippedG === 0 && r.closingG === 0 && !truth.isClaimed(`hw-ledger:${r.id}`)), 1)[0];
  if (onSiteRow) {
    truth.claim(`hw-ledger:${onSiteRow.id}`);
    onSiteRow.statedCode = onSiteRow.code.replace(/^(\d{3})-0(\d{2})-/, '$1-$2-');
    truth.add('HW-CODE', { source: 'industrial', stream: 'hw-ledgers', id: onSiteRow.id }, { fwdm: onSiteRow.statedCode, fwlb: onSiteRow.statedClass, kind: 'BAD_FORMAT' });
  }
}

function versioned(id: string, versions: { at: number; body: JsonRecord }[]): VersionedRecord {
  return { id, versions: versions.map((v) => ({ at: v.at, body: { ...v.body, updatedAt: cstIso(v.at) } })) };
}

function enterpriseRecord(e: Enterprise, ctx: ScenarioContext, rng: Rng): VersionedRecord {
  const body: JsonRecord = {
    id: e.platformId, tyshxydm: e.uscc, qymc: e.name, zcdz: e.address, jdmc: e.street, hydm: e.industryCode,
    sfgs: e.aboveDesignatedSize ? '1' : '0', qylx: e.roles.join(','), xkzh: e.licenceNo,
    hzlb: e.licensedClasses.length > 0 ? e.licensedClasses.join(',') : null, nhzl: e.capacityT,
  };
  const versions = [{ at: e.registeredAt, body }];
  // A few enterprises update their registration during the scenario (incremental sync sees the change).
  if (rng.chance(0.05)) {
    const at = toMinute(ctx.start + rng.real(0, ctx.end - ctx.start));
    versions.push({ at, body: { ...body, zcdz: `${e.street}${rng.pick(['景园街', '科谷一街', '经海路'])}${rng.int(1, 200)}号` } });
    e.address = versions[1]?.body.zcdz as string;
  }
  return versioned(e.platformId, versions);
}

function generalLedgerRecord(r: GeneralLedgerRow): VersionedRecord {
  const body = (generated: number, utilisedContracted: number): JsonRecord => ({
    id: r.id, tyshxydm: r.uscc, qymc: r.name, ny: monthCompact(r.month), fwdm: r.freeText ? '' : r.code, fwmc: r.codeName,
    csl: tonnes(generated), zxlyl: tonnes(r.utilisedOnSiteG), wtlyl: tonnes(utilisedContracted),
    zxczl: tonnes(r.disposedOnSiteG), wtczl: tonnes(r.disposedContractedG), tmfs: r.landfill ? 'TM' : null,
    wnzcly: tonnes(r.utilisedFromStockG), qmzcl: tonnes(r.closingG),
  });
  const versions = [];
  if (r.firstVersion) versions.push({ at: r.firstVersion.at, body: body(r.firstVersion.generatedG, r.firstVersion.utilisedContractedG) });
  versions.push({ at: r.submittedAt, body: body(r.generatedG, r.utilisedContractedG) });
  return versioned(r.id, versions);
}

function hwLedgerRecord(r: HwLedgerRow): VersionedRecord {
  return versioned(r.id, [{
    at: r.submittedAt,
    body: {
      id: r.id, tyshxydm: r.uscc, ny: monthCompact(r.month), fwdm: r.statedCode, fwlb: r.statedClass,
      csl: tonnes(r.generatedG), zxlyczl: tonnes(r.onSiteG), wtzyl: tonnes(r.statedShippedG), qmzcl: tonnes(r.closingG),
    },
  }]);
}

function manifestRecord(m: HwManifest): VersionedRecord {
  const base: JsonRecord = {
    id: m.manifestNo, ldbh: m.manifestNo, ycdw: m.generator.uscc, ycdwmc: m.generatorNameAsWritten, ysdw: m.transporterUscc,
    jsdw: m.receiver.uscc, jsdwxkzh: m.receiver.licenceNo, fwdm: m.codeWithoutHyphens ? m.code.replace(/-/g, '') : m.code, fwlb: m.statedClass, xt: m.form,
    ycl: tonnes(m.shippedG), jsl: null, ycsj: null, jssj: null, lyczfs: m.route, zt: '10',
  };
  const versions = [{ at: m.openedAt, body: base }];
  if (m.voidedAt !== null) {
    versions.push({ at: m.voidedAt, body: { ...base, zt: '90' } });
    return versioned(m.manifestNo, versions);
  }
  const shipped = { ...base, ycsj: cstIso(m.shippedAt as number), zt: '20' };
  versions.push({ at: m.shippedAt as number, body: shipped });
  if (m.late || m.receivedAt === null || m.receivedG === null) return versioned(m.manifestNo, versions);
  const received = { ...shipped, jsl: tonnes(m.receivedG), jssj: cstIso(m.statedReceivedAt ?? m.receivedAt), zt: '30' };
  versions.push({ at: m.receivedAt, body: received });
  if (m.closedAt !== null) versions.push({ at: m.closedAt, body: { ...received, zt: '40' } });
  return versioned(m.manifestNo, versions);
}

/** Extra records a connector must quarantine (never part of the totals or of any rule). */
function injectMalformedIndustrial(ctx: ScenarioContext, rng: Rng, streams: Record<IndustrialStream, VersionedRecord[]>, generators: Enterprise[]): void {
  const at = toMinute(ctx.start + (ctx.end - ctx.start) / 2);
  const manifests = streams['hw-manifests'];
  for (let i = 0; i < ctx.malformedCount(manifests.length); i++) {
    const template = rng.pick(manifests).versions.at(-1)?.body as JsonRecord;
    const manifestNo = `${String(template.ldbh).slice(0, 12)}9${String(i + 1).padStart(7, '0')}`;
    const body: JsonRecord = { ...template, id: manifestNo, ldbh: manifestNo, ycl: '约2吨', updatedAt: cstIso(at) };
    manifests.push({ id: manifestNo, versions: [{ at, body }] });
    ctx.truth.malformed.push({ source: 'industrial', stream: 'hw-manifests', key: manifestNo, reason: 'ycl is not a number' });
  }
  const ledgers = streams['general-ledgers'];
  for (let i = 0; i < ctx.malformedCount(ledgers.length); i++) {
    const g = rng.pick(generators);
    const id = `GLX${ctx.tag}${String(i + 1).padStart(6, '0')}`;
    const body: JsonRecord = {
      id, tyshxydm: g.uscc, qymc: g.name, ny: `${ctx.months[0]?.year ?? 2026}13`, fwdm: '99-12-01', fwmc: '纸箱', csl: 1.5,
      zxlyl: 0, wtlyl: 1.5, zxczl: 0, wtczl: 0, tmfs: null, wnzcly: 0, qmzcl: 0, updatedAt: cstIso(at),
    };
    ledgers.push({ id, versions: [{ at, body }] });
    ctx.truth.malformed.push({ source: 'industrial', stream: 'general-ledgers', key: id, reason: 'ny is not a valid month' });
  }
}
