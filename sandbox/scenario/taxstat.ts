/**
 * Tax and statistics feeds (sources/taxstat.md): quarterly environmental-tax declarations (CSV),
 * annual environmental statistics (XML) and monthly economic statistics (CSV), all derived from the
 * industrial platform's true activity so that clean data agrees. TAX-PLATFORM, STAT-PLATFORM, COVERAGE
 * (tax vs platform) and ID-USCC (one USCC, two different names) are injected; periods are republished.
 */
import { cstDate, cstMidnight, DAY_MS, daysInMonth, HOUR_MS, monthKey, quarterKey, type MonthRef } from './clock';
import { spellingVariant, type ScenarioContext } from './context';
import type { Enterprise, IndustrialData } from './industrial';
import { GRAMS_PER_TONNE, roundGrams, tonnesText } from './mass';
import type { Rng } from './prng';
import type { PublishedFile, Table } from './types';

export interface PartyPeriodTotals {
  generalGeneratedG: number;
  generalUtilisedNewG: number;
  generalFromStockG: number;
  generalDisposedG: number;
  generalLandfilledG: number;
  generalStoredNewG: number;
  sludgeGeneratedG: number;
  sludgeUtilisedNewG: number;
  sludgeFromStockG: number;
  sludgeDisposedG: number;
  sludgeLandfilledG: number;
  hwGeneratedG: number;
  hwHandledG: number;
  /** what the HW ledgers state as handled (zxlyczl + wtzyl as written): what a declaration is copied from */
  hwHandledStatedG: number;
  hwLandfilledG: number;
  /** stock at the end of the period's last month */
  generalClosingG: number;
  sludgeClosingG: number;
  hwClosingG: number;
}

export interface TaxDeclaration {
  uscc: string;
  name: string;
  quarter: string;
  start: string;
  end: string;
  wasteName: '其他固体废物' | '危险废物';
  generatedG: number;
  storedG: number;
  disposedG: number;
  utilisedG: number;
  emittedG: number;
  unitTax: number;
}

export interface EconFigure {
  month: string;
  area: string;
  /** industrial value added, 万元 ×100 (fen of 万元: exact two decimals) */
  industrialValueAddedCents: number;
  gdpCents: number;
  /** resident population in persons (published in 万人 with 4 decimals) */
  population: number;
}

export interface TaxstatData {
  declarations: TaxDeclaration[];
  econ: EconFigure[];
  files: PublishedFile[];
}

const emptyTotals = (): PartyPeriodTotals => ({
  generalGeneratedG: 0, generalUtilisedNewG: 0, generalFromStockG: 0, generalDisposedG: 0, generalLandfilledG: 0, generalStoredNewG: 0,
  sludgeGeneratedG: 0, sludgeUtilisedNewG: 0, sludgeFromStockG: 0, sludgeDisposedG: 0, sludgeLandfilledG: 0,
  hwGeneratedG: 0, hwHandledG: 0, hwHandledStatedG: 0, hwLandfilledG: 0, generalClosingG: 0, sludgeClosingG: 0, hwClosingG: 0,
});

/** Sums the platform's ledgers per USCC over the months that fall in `period` (quarter or year). */
/**
 * A declaration with every measure scaled by `factor` (to 100 g). For a near miss (`withinTolerance`), a
 * measure whose rounding would carry it beyond 10 % of its true value keeps the true value.
 */
function scaledDeclaration(d: TaxDeclaration, factor: number, withinTolerance = true): TaxDeclaration {
  const scale = (grams: number) => {
    const scaled = roundGrams(grams * factor, 100);
    return withinTolerance && Math.abs(scaled - grams) * 100 > 9 * Math.abs(grams) ? grams : scaled;
  };
  return { ...d, generatedG: scale(d.generatedG), storedG: scale(d.storedG), disposedG: scale(d.disposedG), utilisedG: scale(d.utilisedG), emittedG: scale(d.emittedG) };
}

function declarationDetail(declared: TaxDeclaration, honest: TaxDeclaration): Record<string, string> {
  return {
    declaredGeneratedT: tonnesText(declared.generatedG), platformGeneratedT: tonnesText(honest.generatedG),
    declaredDisposedT: tonnesText(declared.disposedG), platformDisposedT: tonnesText(honest.disposedG),
    declaredUtilisedT: tonnesText(declared.utilisedG), platformUtilisedT: tonnesText(honest.utilisedG),
  };
}

export function platformTotals(industrial: IndustrialData, months: MonthRef[]): Map<string, PartyPeriodTotals> {
  const keys = new Set(months.map(monthKey));
  const last = months.length > 0 ? monthKey(months[months.length - 1] as MonthRef) : '';
  const totals = new Map<string, PartyPeriodTotals>();
  const of = (uscc: string) => {
    let t = totals.get(uscc);
    if (!t) totals.set(uscc, (t = emptyTotals()));
    return t;
  };
  for (const r of industrial.generalRows) {
    const key = monthKey(r.month);
    if (!keys.has(key)) continue;
    const t = of(r.uscc);
    const sludge = r.code.startsWith('07-');
    const disposed = r.disposedOnSiteG + r.disposedContractedG;
    const utilisedNew = r.utilisedOnSiteG + r.utilisedContractedG - r.utilisedFromStockG;
    if (sludge) {
      t.sludgeGeneratedG += r.generatedG; t.sludgeUtilisedNewG += utilisedNew; t.sludgeFromStockG += r.utilisedFromStockG;
      t.sludgeDisposedG += disposed; if (r.landfill) t.sludgeLandfilledG += disposed;
      if (key === last) t.sludgeClosingG += r.closingG;
    } else {
      t.generalGeneratedG += r.generatedG; t.generalUtilisedNewG += utilisedNew; t.generalFromStockG += r.utilisedFromStockG;
      t.generalDisposedG += disposed; if (r.landfill) t.generalLandfilledG += disposed;
      if (key === last) t.generalClosingG += r.closingG;
    }
    t.generalStoredNewG += r.storedNewG;
  }
  for (const r of industrial.hwRows) {
    const key = monthKey(r.month);
    if (!keys.has(key)) continue;
    const t = of(r.uscc);
    t.hwGeneratedG += r.generatedG;
    t.hwHandledG += r.onSiteG + r.shippedG;
    t.hwHandledStatedG += r.onSiteG + r.statedShippedG;
    if (key === last) t.hwClosingG += r.closingG;
  }
  for (const m of industrial.manifests) {
    if (m.voidedAt !== null || m.shippedAt === null || m.route !== 'D1') continue;
    const month = cstDate(m.shippedAt).slice(0, 7);
    if (!keys.has(month)) continue;
    of(m.generator.uscc).hwLandfilledG += m.shippedG;
  }
  return totals;
}

function groupMonths(months: MonthRef[], key: (m: MonthRef) => string): Map<string, MonthRef[]> {
  const groups = new Map<string, MonthRef[]>();
  for (const m of months) {
    const k = key(m);
    groups.set(k, [...(groups.get(k) ?? []), m]);
  }
  return groups;
}

export function generateTaxstat(ctx: ScenarioContext, industrial: IndustrialData, residents: number): TaxstatData {
  const rng = ctx.rng.fork('taxstat');
  const truth = ctx.truth;
  const lastMonthEnd = ctx.end;
  // The survey and tax population: enterprises above designated size, plus every HW generator.
  const reporters = industrial.generators.filter((g) => (g.aboveDesignatedSize || g.isHwGenerator) && !truth.isClaimed(`enterprise:${g.uscc}`));
  const displayName = new Map<string, string>();
  for (const g of reporters) displayName.set(g.uscc, rng.chance(0.3) ? spellingVariant(g.name, rng) : g.name);

  // ID-USCC: one taxpayer's declaration carries a different company's name under its code.
  const conflicted = rng.pick(reporters.filter((g) => !g.isHwGenerator));
  const otherName = ctx.organisationName('商贸');
  displayName.set(conflicted.uscc, otherName);
  truth.add('ID-USCC', { uscc: conflicted.uscc }, { kind: 'CONFLICTING_NAMES', names: [conflicted.name, otherName], sources: ['industrial', 'taxstat'] });

  // COVERAGE (tax side): an HW generator that never declares, and a declarant the platform does not know.
  const undeclared = rng.pick(reporters.filter((g) => g.isHwGenerator));
  truth.add('COVERAGE', { uscc: undeclared.uscc }, { kind: 'HW_GENERATOR_NOT_DECLARED', source: 'taxstat' });
  const unknownUscc = ctx.uscc.next();
  const unknownName = ctx.organisationName('表面处理');
  truth.add('COVERAGE', { uscc: unknownUscc }, { kind: 'HW_DECLARANT_NOT_ON_PLATFORM', source: 'taxstat', name: unknownName });

  const generalOnly = reporters.filter((g) => !g.isHwGenerator && g !== conflicted);
  const taxTargets = rng.sample(generalOnly, ctx.injectionCount('TAX-PLATFORM', reporters.length));
  const taxNear = rng.sample(generalOnly.filter((g) => !taxTargets.includes(g)), ctx.nearMissCount(taxTargets.length));
  // An under-declared 危险废物 line must be found on its own, not hidden in the larger general total.
  const hwDeclarers = reporters.filter((g) => g.isHwGenerator && g !== undeclared && g !== conflicted);
  const hwTaxTargets = rng.sample(hwDeclarers, Math.min(hwDeclarers.length, Math.max(1, Math.round(ctx.options.rates['TAX-PLATFORM'] * hwDeclarers.length))));
  const hwTaxNear = rng.sample(hwDeclarers.filter((g) => !hwTaxTargets.includes(g)), ctx.nearMissCount(hwTaxTargets.length));
  // A declaration that parses but states a negative 贮存量: stored and flagged by DATA-QUALITY, so neither
  // TAX-PLATFORM nor COVERAGE may report the declaration as missing or different (one problem, one flag).
  const negativeStorer = rng.sample(generalOnly.filter((g) => !taxTargets.includes(g) && !taxNear.includes(g)), 1)[0];
  let negativeStoreDone = false;
  const statTargets = rng.sample(generalOnly, ctx.injectionCount('STAT-PLATFORM', reporters.length));
  const statNear = rng.sample(generalOnly.filter((g) => !statTargets.includes(g)), ctx.nearMissCount(statTargets.length));

  const declarations: TaxDeclaration[] = [];
  const files: PublishedFile[] = [];
  const quarters = groupMonths(ctx.months, quarterKey);
  for (const [quarter, months] of quarters) {
    const totals = platformTotals(industrial, months);
    const first = months[0] as MonthRef;
    const quarterStart = cstMidnight({ year: first.year, month: Math.floor((first.month - 1) / 3) * 3 + 1 });
    const quarterEnd = cstMidnight({ year: first.year, month: Math.floor((first.month - 1) / 3) * 3 + 3 }, daysInMonth({ year: first.year, month: Math.floor((first.month - 1) / 3) * 3 + 3 }));
    const quarterDeclarations: TaxDeclaration[] = [];
    for (const g of reporters) {
      if (g === undeclared) continue;
      const t = totals.get(g.uscc);
      if (!t) continue;
      const base = { uscc: g.uscc, name: displayName.get(g.uscc) as string, quarter, start: cstDate(quarterStart), end: cstDate(quarterEnd) };
      const generalG = t.generalGeneratedG + t.sludgeGeneratedG;
      if (generalG > 0) {
        const utilised = t.generalUtilisedNewG + t.sludgeUtilisedNewG;
        const disposed = t.generalDisposedG + t.sludgeDisposedG;
        let stored = generalG - utilised - disposed;
        let emitted = 0;
        // A few taxpayers store part of their waste non-compliantly: that part is taxable.
        if (stored > 0 && rng.chance(0.1)) {
          emitted = roundGrams(stored / 2, 100);
          stored -= emitted;
        }
        const honest: TaxDeclaration = { ...base, wasteName: '其他固体废物', generatedG: generalG, storedG: stored, disposedG: disposed, utilisedG: utilised, emittedG: emitted, unitTax: 25 };
        let declaration = honest;
        const subject = { uscc: g.uscc, quarter, kind: 'GENERAL' };
        if (taxNear.includes(g)) {
          // every measure 5–8 % off: inside the 10 % tolerance, measure by measure
          declaration = scaledDeclaration(honest, 1 + rng.real(0.05, 0.08) * (rng.chance(0.5) ? -1 : 1));
          truth.nearMiss('TAX-PLATFORM', subject, { variant: 'ALL_MEASURES_WITHIN_TOLERANCE', ...declarationDetail(declaration, honest) });
        } else if (taxTargets.includes(g)) {
          if (disposed >= GRAMS_PER_TONNE && rng.chance(0.5)) {
            // 处置量 declared as 综合利用量: the generated totals agree, two measures do not
            const moved = roundGrams(disposed * rng.real(0.4, 0.6), 100);
            declaration = { ...honest, disposedG: disposed - moved, utilisedG: utilised + moved };
            truth.add('TAX-PLATFORM', subject, { variant: 'DISPOSAL_DECLARED_AS_UTILISATION', ...declarationDetail(declaration, honest) });
          } else {
            declaration = scaledDeclaration(honest, 1 + rng.real(0.15, 0.4) * (rng.chance(0.5) ? -1 : 1), false);
            truth.add('TAX-PLATFORM', subject, { variant: 'ALL_MEASURES_OFF', ...declarationDetail(declaration, honest) });
          }
        }
        if (g === negativeStorer && !negativeStoreDone && declaration.storedG > 0) {
          negativeStoreDone = true;
          declaration = { ...declaration, storedG: -declaration.storedG };
          truth.add('DATA-QUALITY', { stream: 'envtax', id: `${g.uscc}|${base.start}|${base.end}|其他固体废物`, field: '贮存量(吨)' }, { kind: 'NEGATIVE_MASS', value: tonnesText(declaration.storedG) });
        }
        quarterDeclarations.push(declaration);
      }
      if (t.hwGeneratedG > 0) {
        // copied from the HW ledgers as stated; the ledger does not split utilised from disposed
        const handled = t.hwHandledStatedG;
        const honest: TaxDeclaration = { ...base, wasteName: '危险废物', generatedG: t.hwGeneratedG, storedG: Math.max(0, t.hwGeneratedG - handled), disposedG: handled, utilisedG: 0, emittedG: 0, unitTax: 1000 };
        let declaration = honest;
        const subject = { uscc: g.uscc, quarter, kind: 'HW' };
        if (hwTaxTargets.includes(g)) {
          declaration = scaledDeclaration(honest, 1 - rng.real(0.25, 0.4), false);
          truth.add('TAX-PLATFORM', subject, { variant: 'HW_LINE_UNDER_DECLARED', ...declarationDetail(declaration, honest) });
        } else if (hwTaxNear.includes(g)) {
          declaration = scaledDeclaration(honest, 1 - rng.real(0.05, 0.08));
          truth.nearMiss('TAX-PLATFORM', subject, { variant: 'HW_LINE_WITHIN_TOLERANCE', ...declarationDetail(declaration, honest) });
        }
        quarterDeclarations.push(declaration);
      }
    }
    const unknownG = roundGrams(rng.real(5, 30) * GRAMS_PER_TONNE, 100);
    quarterDeclarations.push({ uscc: unknownUscc, name: unknownName, quarter, start: cstDate(quarterStart), end: cstDate(quarterEnd), wasteName: '危险废物', generatedG: unknownG, storedG: 0, disposedG: unknownG, utilisedG: 0, emittedG: 0, unitTax: 1000 });
    declarations.push(...quarterDeclarations);
    files.push(envtaxFile(rng, feedPath(ctx, 'envtax', `${quarter}.csv`), quarter, quarterDeclarations, lastMonthEnd));
  }

  const years = groupMonths(ctx.months, (m) => String(m.year));
  for (const [year, months] of years) {
    const totals = platformTotals(industrial, months);
    const enterprises: string[] = [];
    for (const g of reporters) {
      const t = totals.get(g.uscc);
      if (!t) continue;
      let factor = 1;
      if (statTargets.includes(g) || statNear.includes(g)) {
        const beyond = statTargets.includes(g);
        factor = 1 + (beyond ? rng.real(0.15, 0.3) : rng.real(0.04, 0.07)) * (rng.chance(0.5) ? -1 : 1);
        const platformG = t.generalGeneratedG + t.sludgeGeneratedG;
        const statG = roundGrams(t.generalGeneratedG * factor, 100) + roundGrams(t.sludgeGeneratedG * factor, 100);
        const gap = Math.abs(statG - platformG);
        const detail = { statGeneralGeneratedT: tonnesText(statG), platformGeneralGeneratedT: tonnesText(platformG), gapPct: Number(((gap * 100) / platformG).toFixed(2)) };
        if (beyond && gap * 100 > 10 * platformG) truth.add('STAT-PLATFORM', { uscc: g.uscc, year }, detail);
        else if (!beyond && gap * 100 <= 10 * platformG) truth.nearMiss('STAT-PLATFORM', { uscc: g.uscc, year }, detail);
      }
      enterprises.push(envstatEnterprise(g, displayName.get(g.uscc) as string, t, factor));
    }
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<EnvStatReport year="${year}" region="${ctx.districtName}">\n${enterprises.join('')}</EnvStatReport>\n`;
    const at = lastMonthEnd + 9 * DAY_MS + 10 * HOUR_MS;
    files.push({ path: feedPath(ctx, 'envstat', `${year}.xml`), feed: 'envstat', period: year, versions: [{ at, content: { kind: 'text', text: xml } }] });
  }

  const econ = econFigures(ctx, rng, industrial, residents);
  for (const month of ctx.months) {
    const key = monthKey(month);
    const figures = econ.filter((e) => e.month === key);
    const table = (revision: number): Table => ({
      headers: ['地区', '期别', '指标', '数值', '单位'],
      rows: figures.flatMap((f) => [
        [f.area, key, '工业增加值', centsText(Math.round(f.industrialValueAddedCents * revision)), '万元'],
        [f.area, key, '地区生产总值', centsText(Math.round(f.gdpCents * revision)), '万元'],
        [f.area, key, '常住人口', (f.population / 10000).toFixed(4), '万人'],
      ]),
    });
    const publishedAt = cstMidnight(month, daysInMonth(month)) + DAY_MS + 6 * DAY_MS + 9 * HOUR_MS;
    // A preliminary release, revised a few days later (the revision is final).
    files.push({
      path: feedPath(ctx, 'econ', `${key}.csv`), feed: 'econ', period: key,
      versions: [
        { at: publishedAt, content: { kind: 'table', table: table(0.985), layout: { format: 'csv', encoding: 'utf8-bom' } } },
        { at: publishedAt + 4 * DAY_MS, content: { kind: 'table', table: table(1), layout: { format: 'csv', encoding: 'utf8-bom' } } },
      ],
    });
  }
  return { declarations, econ, files };
}

/**
 * A feed file's path: `<feed>/<file>` for the stand-alone district (taxstat.md); inside a city every
 * district publishes its own periods, side by side: `<feed>/<division code>/<file>`.
 */
function feedPath(ctx: ScenarioContext, feed: 'envtax' | 'envstat' | 'econ', file: string): string {
  return ctx.options.district ? `${feed}/${ctx.options.district.code}/${file}` : `${feed}/${file}`;
}

function centsText(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

function attr(grams: number): string {
  return tonnesText(grams);
}

function envstatEnterprise(g: Enterprise, name: string, t: PartyPeriodTotals, factor: number): string {
  const lines: string[] = [`  <Enterprise uscc="${g.uscc}" name="${name}" industry="${g.industryCode}">\n`];
  const scale = (grams: number) => roundGrams(grams * factor, 100);
  if (t.sludgeGeneratedG > 0) {
    lines.push(`    <GeneralSolidWaste category="污泥" generated="${attr(scale(t.sludgeGeneratedG))}" utilized="${attr(t.sludgeUtilisedNewG)}" utilizedFromStock="${attr(t.sludgeFromStockG)}" disposed="${attr(t.sludgeDisposedG)}" landfilled="${attr(t.sludgeLandfilledG)}" stored="${attr(t.sludgeClosingG)}"/>\n`);
  }
  if (t.generalGeneratedG > 0) {
    lines.push(`    <GeneralSolidWaste category="其他" generated="${attr(scale(t.generalGeneratedG))}" utilized="${attr(t.generalUtilisedNewG)}" utilizedFromStock="${attr(t.generalFromStockG)}" disposed="${attr(t.generalDisposedG)}" landfilled="${attr(t.generalLandfilledG)}" stored="${attr(t.generalClosingG)}"/>\n`);
  }
  if (t.hwGeneratedG > 0) {
    lines.push(`    <HazardousWaste generated="${attr(t.hwGeneratedG)}" utilizedDisposed="${attr(t.hwHandledStatedG)}" landfilled="${attr(t.hwLandfilledG)}" stored="${attr(t.hwClosingG)}"/>\n`);
  }
  lines.push('  </Enterprise>\n');
  return lines.join('');
}

function envtaxFile(rng: Rng, path: string, quarter: string, declarations: TaxDeclaration[], lastMonthEnd: number): PublishedFile {
  const headers = ['纳税人识别号', '纳税人名称', '税款所属期起', '税款所属期止', '污染物类别', '固体废物名称', '产生量(吨)', '贮存量(吨)', '处置量(吨)', '综合利用量(吨)', '当期排放量(吨)', '单位税额(元/吨)', '应纳税额(元)'];
  const rows: string[][] = [];
  for (const d of declarations) {
    rows.push([d.uscc, d.name, d.start, d.end, '固体废物', d.wasteName, tonnesText(d.generatedG), tonnesText(d.storedG), tonnesText(d.disposedG), tonnesText(d.utilisedG), tonnesText(d.emittedG), String(d.unitTax), centsText(Math.round((d.emittedG * d.unitTax * 100) / GRAMS_PER_TONNE))]);
    // Air-pollutant lines from the same declaration: present in the file, irrelevant to the hub.
    if (rng.chance(0.05)) rows.push([d.uscc, d.name, d.start, d.end, '大气污染物', '', '', '', '', '', '', '1.20', '356.40']);
  }
  const publishedAt = lastMonthEnd + 8 * DAY_MS + 10 * HOUR_MS;
  // First publication had one taxpayer's figure mistyped; the republished period corrects it.
  const firstRows = rows.map((r) => r.slice());
  const typo = firstRows.find((r) => r[4] === '固体废物');
  if (typo) typo[6] = tonnesText(roundGrams(Number(typo[6]) * 1_000_000 * 1.5, 100));
  const layout = { format: 'csv' as const, encoding: 'utf8-bom' as const };
  return {
    path, feed: 'envtax', period: quarter,
    versions: [
      { at: publishedAt, content: { kind: 'table', table: { headers, rows: firstRows }, layout } },
      { at: publishedAt + 3 * DAY_MS, content: { kind: 'table', table: { headers, rows }, layout } },
    ],
  };
}

/**
 * Monthly econ figures consistent with the activity: district industrial value added is the month's
 * industrial waste generated divided by an intensity around 0.015 t/万元; streets split it by their
 * enterprises' waste; GDP = IVA / 0.6; population from the registry's residents (÷ 0.93, people not in
 * registered communities).
 */
function econFigures(ctx: ScenarioContext, rng: Rng, industrial: IndustrialData, residents: number): EconFigure[] {
  const figures: EconFigure[] = [];
  const population = Math.round(residents / 0.93);
  for (const month of ctx.months) {
    const key = monthKey(month);
    const byStreet = new Map<string, number>();
    const streetOf = new Map(industrial.enterprises.map((e) => [e.uscc, e.street]));
    let totalG = 0;
    for (const r of industrial.generalRows) if (monthKey(r.month) === key) { totalG += r.generatedG; byStreet.set(streetOf.get(r.uscc) ?? '', (byStreet.get(streetOf.get(r.uscc) ?? '') ?? 0) + r.generatedG); }
    for (const r of industrial.hwRows) if (monthKey(r.month) === key) { totalG += r.generatedG; byStreet.set(streetOf.get(r.uscc) ?? '', (byStreet.get(streetOf.get(r.uscc) ?? '') ?? 0) + r.generatedG); }
    const intensity = rng.real(0.013, 0.017);
    const districtCents = Math.round((totalG / GRAMS_PER_TONNE / intensity) * 100);
    let allocatedCents = 0;
    let allocatedPopulation = 0;
    ctx.streets.forEach((street, i) => {
      const last = i === ctx.streets.length - 1;
      const cents = last ? districtCents - allocatedCents : Math.round((districtCents * (byStreet.get(street.name) ?? 0)) / totalG);
      const people = last ? population - allocatedPopulation : Math.round(population / ctx.streets.length * rng.real(0.8, 1.2));
      allocatedCents += cents;
      allocatedPopulation += people;
      figures.push({ month: key, area: street.name, industrialValueAddedCents: cents, gdpCents: Math.round(cents / 0.6), population: people });
    });
    figures.unshift({ month: key, area: ctx.districtName, industrialValueAddedCents: districtCents, gdpCents: Math.round(districtCents / 0.6), population });
  }
  return figures;
}
