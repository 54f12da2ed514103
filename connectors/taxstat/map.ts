/**
 * taxstat → unified model (connectors/MAPPING.md "taxstat"): tax declarations (ENV_TAX, quarterly),
 * annual environmental statistics (ENV_STAT, one report per waste element) and economic figures
 * (ECON, per district or street). Pure.
 */
import type { z } from 'zod';
import type { ReportLine, ReportMeasure } from '../../src/model/periodReport';
import { DISTRICT, normaliseStreet } from '../../src/model/reference/streets';
import { validatePeriod, type Period } from '../../src/model/validators';
import { fen, grams, MappingError, persons, typedMapper, unresolved, type MapContext, type PartyMention, type Projection, type StreamMapper } from '../mapping';
import { econSchema, envstatPlausibility, envstatSchema, envtaxPlausibility, envtaxSchema } from './streams';

export type EnvtaxRow = z.output<typeof envtaxSchema>;
export type EnvstatElement = z.output<typeof envstatSchema>;
export type EconRow = z.output<typeof econSchema>;

function period(raw: string): Period {
  const checked = validatePeriod(raw);
  if (!checked.ok) throw new MappingError(checked.reason);
  return checked.value;
}

/** 税款所属期起 (a date) → its quarter `YYYYQn`. */
export function quarterOf(date: string): string {
  const [year, month] = date.split('-');
  return `${year}Q${Math.ceil(Number(month) / 3)}`;
}

/** A stated quantity, signed: a negative one is a plausibility finding (streams.ts), not a mapping error. */
function line(measure: ReportLine['measure'], value: string | null, unit: string, field: string): ReportLine[] {
  if (value === null) return [];
  const mass = grams(value, unit, field, { allowNegative: true });
  return [{ measure, grams: mass.grams, original: mass.original }];
}

export function mapEnvtax(row: EnvtaxRow, context: MapContext): Projection[] {
  const quarter = period(quarterOf(row.税款所属期起));
  const measures: ReportMeasure[] = [];
  if (row['单位税额(元/吨)'] !== null) {
    const rate = fen(row['单位税额(元/吨)'], '元', '单位税额(元/吨)');
    measures.push({ measure: 'TAX_RATE', amount: rate.amount, unit: 'fen_per_t', original: { value: rate.original.value, unit: '元/吨' } });
  }
  if (row['应纳税额(元)'] !== null) {
    const due = fen(row['应纳税额(元)'], '元', '应纳税额(元)');
    measures.push({ measure: 'TAX_DUE', amount: due.amount, unit: 'fen', original: due.original });
  }
  return [
    {
      target: 'periodReport',
      doc: {
        source: 'taxstat',
        stream: 'taxstat',
        kind: 'ENV_TAX',
        reportKey: context.sourceId,
        periodKind: 'QUARTER',
        period: quarter.key,
        months: quarter.months,
        party: unresolved(row.纳税人识别号, row.纳税人名称),
        area: null,
        category: row.固体废物名称,
        categoryName: row.固体废物名称,
        attributes: {},
        packages: null,
        lines: [
          ...line('GENERATED', row['产生量(吨)'], 't', '产生量(吨)'),
          ...line('STORED', row['贮存量(吨)'], 't', '贮存量(吨)'),
          ...line('DISPOSED', row['处置量(吨)'], 't', '处置量(吨)'),
          ...line('UTILISED', row['综合利用量(吨)'], 't', '综合利用量(吨)'),
          // 当期排放量 = 产生量 − 贮存量 − 处置量 − 综合利用量 can be stated negative; the rules judge it
          ...line('DISCHARGED', row['当期排放量(吨)'], 't', '当期排放量(吨)'),
        ],
        measures,
      },
      mentions: [{ slot: 'party', uscc: row.纳税人识别号, name: row.纳税人名称, street: null, roles: ['TAXPAYER'] }],
    },
  ];
}

export function mapEnvstat(element: EnvstatElement, context: MapContext): Projection[] {
  const year = period(element.year);
  const general = element.element === 'GeneralSolidWaste';
  const lines = general
    ? [
        ...line('GENERATED', element.generated, 't', 'generated'),
        ...line('UTILISED', element.utilized, 't', 'utilized'),
        ...line('UTILISED_FROM_STOCK', element.utilizedFromStock, 't', 'utilizedFromStock'),
        ...line('DISPOSED', element.disposed, 't', 'disposed'),
        ...line('LANDFILLED', element.landfilled, 't', 'landfilled'),
        ...line('STORED', element.stored, 't', 'stored'),
      ]
    : [
        ...line('GENERATED', element.generated, 't', 'generated'),
        ...line('UTILISED_DISPOSED', element.utilizedDisposed, 't', 'utilizedDisposed'),
        ...line('LANDFILLED', element.landfilled, 't', 'landfilled'),
        ...line('STORED', element.stored, 't', 'stored'),
      ];
  const mentions: PartyMention[] = element.uscc || element.name ? [{ slot: 'party', uscc: element.uscc, name: element.name, street: null, roles: [] }] : [];
  return [
    {
      target: 'periodReport',
      doc: {
        source: 'taxstat',
        stream: 'taxstat',
        kind: 'ENV_STAT',
        reportKey: context.sourceId,
        periodKind: 'YEAR',
        period: year.key,
        months: year.months,
        party: mentions.length > 0 ? unresolved(element.uscc, element.name) : null,
        area: null,
        category: general ? element.category : 'HW',
        categoryName: null,
        attributes: {},
        packages: null,
        lines,
        measures: [],
      },
      mentions,
    },
  ];
}

const ECON_MEASURES = { 工业增加值: 'INDUSTRIAL_VALUE_ADDED', 地区生产总值: 'GDP', 常住人口: 'RESIDENT_POPULATION' } as const;

export function mapEcon(row: EconRow, context: MapContext): Projection[] {
  const figurePeriod = period(row.期别);
  const measure = ECON_MEASURES[row.指标];
  const measures: ReportMeasure[] =
    measure === 'RESIDENT_POPULATION'
      ? [{ measure, unit: 'person', ...persons(row.数值, row.单位, '数值') }]
      : [{ measure, unit: 'fen', ...fen(row.数值, row.单位, '数值') }];
  const street = normaliseStreet(row.地区);
  const isDistrict = street === null;
  if (isDistrict && row.地区.replace(/^北京市/, '') !== DISTRICT.name) throw new MappingError(`地区: "${row.地区}" is neither ${DISTRICT.name} nor one of its streets`);
  return [
    {
      target: 'periodReport',
      doc: {
        source: 'taxstat',
        stream: 'taxstat',
        kind: 'ECON',
        reportKey: context.sourceId,
        periodKind: figurePeriod.kind,
        period: figurePeriod.key,
        months: figurePeriod.months,
        party: null,
        area: { level: isDistrict ? 'DISTRICT' : 'STREET', name: row.地区, street },
        category: null,
        categoryName: null,
        attributes: {},
        packages: null,
        lines: [],
        measures,
      },
      mentions: [],
    },
  ];
}

export const taxstatMappers: Readonly<Record<string, StreamMapper>> = {
  envtax: typedMapper(envtaxSchema, mapEnvtax, envtaxPlausibility),
  envstat: typedMapper(envstatSchema, mapEnvstat, envstatPlausibility),
  econ: typedMapper(econSchema, mapEcon),
};
