/**
 * COVERAGE — is a party missing where it is expected? (DESIGN §5; taxstat.md "declares hazardous waste …
 * registered as a generator on the industrial platform, and vice versa"), keyed by USCC:
 * - per quarter: an HW generator on the platform (HW-ledger csl > 0 in the quarter) with no envtax
 *   危险废物 line, and an envtax 危险废物 declarant the platform does not know as a generator (not
 *   registered at all, or registered only as a transporter, receiver or utiliser);
 * - per month: a registered medical institution with no disposer receipt.
 * Any occurrence is a finding.
 *
 * Unknown, so no finding: a quarter with no envtax rows published yet, a month with no receipts at all
 * (the other side has not published: not yet evidence of anything).
 * Not a finding: a declaration that states an implausible value — it is stored and present (DATA-QUALITY
 * reports the value); a declared quantity that differs from the ledgers (TAX-PLATFORM's).
 */
import type { Types } from 'mongoose';
import { PartyModel, type Party } from '../../model/party';
import type { FlagSide } from '../flagModel';
import { CURSOR_BATCH, monthsOfPeriod, quarterOf, side, tonnesText, unique, usccKey, type Emit, type Rule, type RuleContext } from './rule';

export type CoverageKind = 'HW_GENERATOR_NOT_DECLARED' | 'HW_DECLARANT_NOT_ON_PLATFORM' | 'MEDICAL_NO_RECEIPTS';

/** Pure: the parties expected on the other side but absent from it, sorted. */
export function missingFrom(expected: Iterable<string>, present: ReadonlySet<string>): string[] {
  return [...new Set(expected)].filter((k) => !present.has(k)).sort();
}

const HW_TAX_NAME = '危险废物';

async function emitCoverage(ctx: RuleContext, emit: Emit, uscc: string, kind: CoverageKind, name: string | null, sides: FlagSide[], message: string): Promise<void> {
  const streets = await ctx.refs.partyStreets();
  await emit({
    rule: 'COVERAGE',
    severity: ctx.settings.severity,
    stream: kind === 'MEDICAL_NO_RECEIPTS' ? 'medical' : 'taxstat',
    period: ctx.period,
    subject: { kind: kind === 'MEDICAL_NO_RECEIPTS' ? 'INSTITUTION' : 'PARTY', key: uscc, label: name ?? uscc, partyUscc: uscc, street: streets.get(uscc) ?? null },
    evidence: { sides, difference: kind, tolerance: 'any', message },
  });
}

async function quarterCoverage(ctx: RuleContext, emit: Emit): Promise<void> {
  const months = monthsOfPeriod(ctx.period);
  const taxRows = (await ctx.refs.reports('ENV_TAX', months)).filter((row) => row.period === ctx.period);
  if (taxRows.length === 0) return;
  const declarants = new Map<string, { records: Types.ObjectId[]; name: string | null; grams: number }>();
  for (const row of taxRows) {
    const uscc = usccKey(row.party?.uscc);
    if (!uscc || (row.category !== HW_TAX_NAME && row.categoryName !== HW_TAX_NAME)) continue;
    const entry = declarants.get(uscc) ?? { records: [], name: row.party?.name ?? null, grams: 0 };
    entry.records.push(...row.sources);
    entry.grams += row.lines.filter((l) => l.measure === 'GENERATED').reduce((s, l) => s + l.grams, 0);
    declarants.set(uscc, entry);
  }
  const generators = new Map<string, { records: Types.ObjectId[]; name: string | null; grams: number }>();
  for (const row of await ctx.refs.reports('HW_LEDGER', months)) {
    const uscc = usccKey(row.party?.uscc);
    if (!uscc || !months.includes(row.period)) continue;
    const generated = row.lines.filter((l) => l.measure === 'GENERATED').reduce((s, l) => s + l.grams, 0);
    if (generated <= 0) continue;
    const entry = generators.get(uscc) ?? { records: [], name: row.party?.name ?? null, grams: 0 };
    entry.records.push(...row.sources);
    entry.grams += generated;
    generators.set(uscc, entry);
  }
  for (const uscc of missingFrom(generators.keys(), new Set(declarants.keys()))) {
    const g = generators.get(uscc)!;
    await emitCoverage(ctx, emit, uscc, 'HW_GENERATOR_NOT_DECLARED', g.name, [
      side({ source: 'industrial', label: `HW ledgers Σ csl (${months.join(', ')})`, value: tonnesText(g.grams).replace(' t', ''), unit: 't', grams: g.grams, records: g.records }),
      side({ source: 'taxstat', label: `envtax ${HW_TAX_NAME} declaration ${ctx.period}`, value: 'missing', unit: 't', records: [] }),
    ], `${uscc} ${ctx.period}: 平台台账有危险废物产生，但环保税未申报危险废物 / generated hazardous waste on the platform but declared none for environmental tax`);
  }
  const declared = [...declarants.keys()].sort();
  const generatorsKnown = await ctx.refs.platformGenerators();
  for (const uscc of missingFrom(declared, generatorsKnown)) {
    const d = declarants.get(uscc)!;
    await emitCoverage(ctx, emit, uscc, 'HW_DECLARANT_NOT_ON_PLATFORM', d.name, [
      side({ source: 'taxstat', label: `envtax ${HW_TAX_NAME} 产生量 ${ctx.period}`, value: tonnesText(d.grams).replace(' t', ''), unit: 't', grams: d.grams, records: d.records }),
      side({ source: 'industrial', label: 'platform registration as a generator (产生单位 CSDW)', value: 'missing', unit: 'registration', records: [] }),
    ], `${uscc} (${d.name ?? 'unnamed'}) ${ctx.period}: 申报了危险废物，但未在固废平台登记为产生单位 / declares hazardous waste but is not registered as a generator on the industrial platform`);
  }
}

/** `covered`: the institutions (USCC keys) with a disposer receipt in the month, from the shared scan. */
async function monthCoverage(ctx: RuleContext, emit: Emit, covered: ReadonlySet<string>, anyReceipt: boolean): Promise<void> {
  if (!anyReceipt) return;
  const institutions = PartyModel.find({ roles: 'HOSPITAL', status: { $ne: 'MERGED' } }).select({ uscc: 1, name: 1, aliases: 1, sources: 1 }).lean<Pick<Party, 'uscc' | 'name' | 'aliases' | 'sources'>[]>().cursor({ batchSize: CURSOR_BATCH });
  for await (const party of institutions) {
    const registry = party.aliases.find((a) => a.source === 'medical');
    if (!registry) continue;
    const uscc = usccKey(registry.usccRaw) ?? usccKey(party.uscc);
    if (!uscc || covered.has(uscc)) continue;
    await emitCoverage(ctx, emit, uscc, 'MEDICAL_NO_RECEIPTS', party.name, [
      side({ source: 'medical', label: 'institutions.csv registration', value: registry.name, unit: 'institution', records: party.sources }),
      side({ source: 'medical', label: `disposer receipts ${ctx.period}`, value: 'missing', unit: 'receipts', records: [] }),
    ], `registered institution ${party.name} (${uscc}) has no disposer receipt in ${ctx.period}`);
  }
}

export const coverage: Rule = {
  id: 'COVERAGE',
  title: 'party known to one source, missing where expected',
  stream: 'taxstat',
  subjectKind: 'PARTY',
  key: 'USCC',
  reads: ['periodreports', 'movements', 'parties'],
  kinds: { movements: ['MEDICAL_HANDOVER'], reports: ['ENV_TAX', 'HW_LEDGER'] },
  toleranceUnit: 'any',
  defaults: { tolerance: 0, severity: 'MEDIUM' },
  // months through the shared scan of handovers (receipts); quarters from the reports alone
  scan: { kind: 'MEDICAL_HANDOVER' },
  periodsOf: (months) => [...unique(months), ...unique(months.map(quarterOf))],
  evaluate(ctx, emit) {
    if (/Q/.test(ctx.period)) return { finish: () => quarterCoverage(ctx, emit) };
    const covered = new Set<string>();
    let anyReceipt = false;
    return {
      visit(m) {
        if (!m.quantities.some((q) => q.role === 'RECEIPT')) return;
        anyReceipt = true;
        const uscc = usccKey(m.from.party?.uscc);
        if (uscc) covered.add(uscc);
      },
      finish: () => monthCoverage(ctx, emit, covered, anyReceipt),
    };
  },
};
