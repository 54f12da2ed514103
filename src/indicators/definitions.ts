/**
 * The indicator system as data (domain/digest-indicators.md §1: 43 indicators, #31 split into a/b, plus
 * the hub's 危险废物填埋率 from the district plan), with the 2027 targets of the district plan (seed 000)
 * where it sets one, else the pilot's 2020 target (marked DIGEST_2020). Computable indicators name the
 * pre-aggregated inputs their compute function reads (src/indicators/compute/); the others take
 * steward-entered values (`setIndicatorInput`).
 */
import type { Target, TargetPeriodScope, TargetSource } from './targets';

export type IndicatorType = 'MANDATORY' | 'OPTIONAL' | 'SELF_SELECTED' | 'HUB';
export type Direction = 'UP' | 'DOWN' | 'ZERO' | 'CAP' | 'TO_FULL' | 'STABLE' | 'QUALITATIVE';
/** RATIO: a fraction 0…1 with 6 decimals; TONNES; INTENSITY t/万元; PER_CAPITA kg/人/日; COUNT; PERCENT (manual %); STATUS (a label). */
export type ValueKind = 'RATIO' | 'TONNES' | 'INTENSITY' | 'PER_CAPITA' | 'COUNT' | 'NUMBER' | 'STATUS';
export type AreaLevel = 'DISTRICT' | 'STREET';
export type PeriodGrain = 'MONTH' | 'QUARTER' | 'YEAR';

/** Input units: integer grams, fen (分), person-days, counts. */
export type InputUnit = 'g' | 'fen' | 'person_day' | 'count';

/**
 * The pre-aggregated inputs (one integer each per month × area). FLOW inputs add up over months;
 * STOCK inputs (registries: communities) take the last month of a quarter or year.
 */
export const INPUTS = {
  'industrial.general.generated': { unit: 'g', kind: 'FLOW', source: 'industrial', from: 'general-ledgers csl (GENERAL_LEDGER GENERATED)' },
  'industrial.general.utilised': { unit: 'g', kind: 'FLOW', source: 'industrial', from: 'general-ledgers zxlyl + wtlyl (UTILISED_ONSITE + UTILISED_CONTRACTED)' },
  'industrial.general.utilisedFromStock': { unit: 'g', kind: 'FLOW', source: 'industrial', from: 'general-ledgers wnzcly (UTILISED_FROM_STOCK)' },
  'industrial.general.disposed': { unit: 'g', kind: 'FLOW', source: 'industrial', from: 'general-ledgers zxczl + wtczl (DISPOSED_ONSITE + DISPOSED_CONTRACTED)' },
  'industrial.general.closingStock': { unit: 'g', kind: 'FLOW', source: 'industrial', from: 'general-ledgers qmzcl (STOCK_END)' },
  'industrial.hw.generated': { unit: 'g', kind: 'FLOW', source: 'industrial', from: 'hw-ledgers csl (HW_LEDGER GENERATED)' },
  'industrial.hw.onSite': { unit: 'g', kind: 'FLOW', source: 'industrial', from: 'hw-ledgers zxlyczl (UTILISED_DISPOSED_ONSITE)' },
  'industrial.hw.receivedUtilised': { unit: 'g', kind: 'FLOW', source: 'industrial', from: 'received (RECEIVED/CLOSED) manifests shipped in the month, route R*: RECEIVED quantity (jsl) or golden value' },
  'industrial.hw.receivedLandfilled': { unit: 'g', kind: 'FLOW', source: 'industrial', from: 'received manifests, route D1 (landfill): RECEIVED quantity or golden value' },
  'industrial.hw.receivedDisposed': { unit: 'g', kind: 'FLOW', source: 'industrial', from: 'received manifests, route D*: RECEIVED quantity or golden value' },
  'taxstat.econ.industrialValueAdded': { unit: 'fen', kind: 'FLOW', source: 'taxstat', from: 'econ 工业增加值 (ECON INDUSTRIAL_VALUE_ADDED, fen)' },
  'taxstat.econ.personDays': { unit: 'person_day', kind: 'FLOW', source: 'taxstat', from: 'econ 常住人口 (RESIDENT_POPULATION) × days in the month' },
  'household.collected': { unit: 'g', kind: 'FLOW', source: 'household', from: 'VALID IN weigh tickets collected from a street (NET)' },
  'household.recyclablesStream': { unit: 'g', kind: 'FLOW', source: 'household', from: 'recyclables RECOVERED (weightKg)' },
  'household.recyclablesTicketed': { unit: 'g', kind: 'FLOW', source: 'household', from: 'VALID IN tickets, RECYCLABLE at SORTING_CENTER (NET)' },
  'household.perishables': { unit: 'g', kind: 'FLOW', source: 'household', from: 'VALID IN tickets, KITCHEN/FOOD_SERVICE at FOOD_WASTE_PLANT (NET)' },
  'household.landfilled': { unit: 'g', kind: 'FLOW', source: 'household', from: 'VALID IN tickets at LANDFILL (NET)' },
  'household.communities': { unit: 'count', kind: 'STOCK', source: 'household', from: 'registered communities' },
  'household.communitiesSorted': { unit: 'count', kind: 'STOCK', source: 'household', from: 'communities with sortedCollection' },
  'household.communitiesHazardous': { unit: 'count', kind: 'STOCK', source: 'household', from: 'communities with hazardousCollection' },
  'construction.hauled': { unit: 'g', kind: 'FLOW', source: 'construction', from: 'non-voided waybills exiting in the month: EXIT weight' },
  'construction.toRecycling': { unit: 'g', kind: 'FLOW', source: 'construction', from: 'non-voided waybills exiting in the month to a RECYCLING_PLANT: ENTRY weight or golden value' },
  'construction.toDisposalSite': { unit: 'g', kind: 'FLOW', source: 'construction', from: 'non-voided waybills exiting in the month to a DISPOSAL_SITE: ENTRY weight or golden value' },
  'medical.institutions': { unit: 'count', kind: 'FLOW', source: 'medical', from: 'registered medical institutions (HOSPITAL parties), per month' },
  'medical.institutionsCovered': { unit: 'count', kind: 'FLOW', source: 'medical', from: 'registered institutions with a disposer receipt received in the month' },
  'medical.recyclablesGenerated': { unit: 'g', kind: 'FLOW', source: 'medical', from: 'MEDICAL_RECYCLABLES GENERATED' },
  'medical.recyclablesRecovered': { unit: 'g', kind: 'FLOW', source: 'medical', from: 'MEDICAL_RECYCLABLES RECOVERED' },
} as const satisfies Record<string, { unit: InputUnit; kind: 'FLOW' | 'STOCK'; source: string; from: string }>;

export type InputName = keyof typeof INPUTS;
export const INPUT_NAMES = Object.keys(INPUTS) as InputName[];

export interface IndicatorDefinition {
  code: string;
  /** the number in the pilot's table (1…37, S1…S6); null for the hub's own */
  number: string | null;
  nameZh: string;
  nameEn: string;
  type: IndicatorType;
  category: string;
  subcategory: string;
  unit: string;
  valueKind: ValueKind;
  formula: string;
  direction: Direction;
  target: Target | null;
  computable: boolean;
  inputs: readonly InputName[];
  /** DESIGN §6 priority set (the dashboard's main indicators) */
  priority: boolean;
  periods: readonly PeriodGrain[];
  areas: readonly AreaLevel[];
  /** for STATUS indicators: the ordered scale of labels */
  statusScale?: readonly string[];
  /** what the digest or the hub says about the definition */
  notes?: string;
  sourceLines: string;
}

const ALL_PERIODS: readonly PeriodGrain[] = ['MONTH', 'QUARTER', 'YEAR'];
const YEARLY: readonly PeriodGrain[] = ['YEAR'];
const BOTH_AREAS: readonly AreaLevel[] = ['DISTRICT', 'STREET'];
const DISTRICT_ONLY: readonly AreaLevel[] = ['DISTRICT'];

interface TargetOrigin {
  year: number;
  source: TargetSource;
  text: string;
  scope: TargetPeriodScope;
  note?: string;
}

const seed2027 = (text: string, note?: string): TargetOrigin => ({ year: 2027, source: 'SEED_000_2027', text, scope: 'ANY', ...(note ? { note } : {}) });
const digest2020 = (text: string, scope: TargetPeriodScope = 'ANY', note?: string): TargetOrigin => ({ year: 2020, source: 'DIGEST_2020', text, scope, ...(note ? { note } : {}) });

const atLeast = (value: string, base: TargetOrigin, strict = false): Target => ({ kind: 'AT_LEAST', value, strict, ...base });
const atMost = (value: string, base: TargetOrigin, strict = false): Target => ({ kind: 'AT_MOST', value, strict, ...base });
const status = (value: string, scale: readonly string[], base: TargetOrigin): Target => ({ kind: 'STATUS', status: value, scale, ...base });

const SCALE_POLICY = ['暂无', '完成制定'] as const;
const SCALE_MECHANISM = ['暂无', '初步建立', '基本建立', '基本完善'] as const;
const SCALE_APPRAISAL = ['暂无', '纳入'] as const;
const SCALE_CAPACITY = ['暂无', '工业危险废物监管能力基本建立', '工业危险废物和工业一般固体废物监管能力基本完善'] as const;
const SCALE_PARTICIPATION = ['暂无', '一般', '较好', '好'] as const;
const SCALE_SATISFACTION = ['暂无', '不满意', '基本满意', '满意'] as const;

type Manual = Omit<IndicatorDefinition, 'computable' | 'inputs' | 'priority' | 'periods' | 'areas'> & { periods?: readonly PeriodGrain[] };

function manual(def: Manual): IndicatorDefinition {
  return { computable: false, inputs: [], priority: false, areas: DISTRICT_ONLY, periods: def.periods ?? YEARLY, ...def };
}

export const INDICATORS: readonly IndicatorDefinition[] = [
  {
    code: 'ZW01', number: '1', nameZh: '工业固体废物产生强度', nameEn: 'Industrial solid-waste generation intensity', type: 'MANDATORY',
    category: '固体废物源头减量', subcategory: '工业源头减量', unit: 't/万元', valueKind: 'INTENSITY',
    formula: '(一般工业固废产生量 + 工业危险废物产生量) ÷ 工业增加值 = (Σ general csl + Σ HW csl) [t] ÷ IVA [万元]',
    direction: 'DOWN', target: atMost('0.01', seed2027('一般工业固废产生强度低于0.01吨/万元', 'the plan targets general industrial SW only; the digest (L1559) and the sandbox count general + HW'), true),
    computable: true, inputs: ['industrial.general.generated', 'industrial.hw.generated', 'taxstat.econ.industrialValueAdded'], priority: true,
    periods: ALL_PERIODS, areas: BOTH_AREAS, sourceLines: 'L1553-1563',
  },
  manual({ code: 'ZW02', number: '2', nameZh: '实施清洁生产工业企业占比', nameEn: 'Share of industrial enterprises implementing cleaner production', type: 'MANDATORY', category: '固体废物源头减量', subcategory: '工业源头减量', unit: '%', valueKind: 'NUMBER', formula: 'I/II 级清洁生产企业数 ÷ 应实行强制清洁生产企业数 × 100%', direction: 'UP', target: atLeast('28', digest2020('28%')), sourceLines: 'L1565-1577' }),
  manual({ code: 'ZW03', number: '3', nameZh: '开展绿色工厂建设的企业数量', nameEn: 'Enterprises building green factories', type: 'OPTIONAL', category: '固体废物源头减量', subcategory: '工业源头减量', unit: '个', valueKind: 'COUNT', formula: 'count of factories meeting GB/T 36132', direction: 'UP', target: atLeast('12', digest2020('12')), sourceLines: 'L1579-1585' }),
  manual({ code: 'ZW04', number: '4', nameZh: '开展生态工业园区建设、循环化改造的工业园区数量', nameEn: 'Industrial parks doing eco-park building or circular retrofit', type: 'MANDATORY', category: '固体废物源头减量', subcategory: '工业源头减量', unit: '个', valueKind: 'COUNT', formula: 'count of parks', direction: 'UP', target: atLeast('1', seed2027('到2027年，至少培育遴选1个无废园区', 'the plan counts 无废园区')), sourceLines: 'L1587-1595' }),
  manual({ code: 'ZW05', number: '5', nameZh: '绿色建筑占新建建筑的比例', nameEn: 'Green buildings as a share of new civil buildings', type: 'OPTIONAL', category: '固体废物源头减量', subcategory: '建筑业源头减量', unit: '%', valueKind: 'NUMBER', formula: '新建绿色建筑面积 ÷ 新建民用建筑面积 × 100%', direction: 'UP', target: atLeast('90', digest2020('90%')), sourceLines: 'L1597-1605' }),
  {
    code: 'ZW06', number: '6', nameZh: '人均生活垃圾日产生量', nameEn: 'Per-capita daily household-waste generation', type: 'MANDATORY',
    category: '固体废物源头减量', subcategory: '生活领域源头减量', unit: 'kg/人/日', valueKind: 'PER_CAPITA',
    formula: '日清运量 ÷ (收运系统覆盖率 × 常住人口) = Σ NET of VALID IN tickets collected from streets [kg] ÷ (days × 常住人口); coverage = 1',
    direction: 'DOWN', target: atMost('1.25', digest2020('1.25 kg/人/日')), computable: true,
    inputs: ['household.collected', 'taxstat.econ.personDays'], priority: true, periods: ALL_PERIODS, areas: BOTH_AREAS, sourceLines: 'L1607-1617',
  },
  {
    code: 'ZW07', number: '7', nameZh: '生活垃圾分类收运系统覆盖率', nameEn: 'Coverage of sorted household-waste collection', type: 'OPTIONAL',
    category: '固体废物源头减量', subcategory: '生活领域源头减量', unit: 'ratio', valueKind: 'RATIO',
    formula: '开展分类收运的社区数量 ÷ 社区总数', direction: 'TO_FULL', target: atLeast('1', digest2020('100%')), computable: true,
    inputs: ['household.communitiesSorted', 'household.communities'], priority: false, periods: ALL_PERIODS, areas: BOTH_AREAS, sourceLines: 'L1619-1627',
  },
  manual({ code: 'ZW08', number: '8', nameZh: '开展"无废城市细胞"建设的单位数量', nameEn: 'Zero-waste cells', type: 'OPTIONAL', category: '固体废物源头减量', subcategory: '生活领域源头减量', unit: '个', valueKind: 'COUNT', formula: 'count of units meeting the cell standard', direction: 'UP', target: atLeast('20', digest2020('20')), sourceLines: 'L1629-1637' }),
  {
    code: 'ZW09', number: '9', nameZh: '一般工业固体废物综合利用率', nameEn: 'General industrial SW comprehensive utilisation rate', type: 'MANDATORY',
    category: '固体废物资源化利用', subcategory: '工业固体废物资源化利用', unit: 'ratio', valueKind: 'RATIO',
    formula: '综合利用量 ÷ (当年产生量 + 综合利用往年贮存量) = Σ (zxlyl + wtlyl) ÷ Σ (csl + wnzcly)',
    direction: 'UP', target: atLeast('0.99', seed2027('一般工业固废综合利用率达到99%以上')), computable: true,
    inputs: ['industrial.general.utilised', 'industrial.general.generated', 'industrial.general.utilisedFromStock'], priority: true, periods: ALL_PERIODS, areas: BOTH_AREAS, sourceLines: 'L1639-1647',
  },
  {
    code: 'ZW10', number: '10', nameZh: '工业危险废物综合利用率', nameEn: 'Industrial hazardous-waste comprehensive utilisation rate', type: 'OPTIONAL',
    category: '固体废物资源化利用', subcategory: '工业固体废物资源化利用', unit: 'ratio', valueKind: 'RATIO',
    formula: '综合利用量 ÷ (当年产生量 + 综合利用往年贮存量) = Σ received jsl of manifests with route R* ÷ Σ HW csl (HW ledgers carry no prior stock utilised)',
    direction: 'UP', target: atLeast('0.65', digest2020('65%')), computable: true,
    inputs: ['industrial.hw.receivedUtilised', 'industrial.hw.generated'], priority: true, periods: ALL_PERIODS, areas: BOTH_AREAS, sourceLines: 'L1649-1659',
  },
  {
    code: 'ZW11', number: '11', nameZh: '建筑垃圾综合利用率', nameEn: 'C&D waste comprehensive (resource) utilisation rate', type: 'MANDATORY',
    category: '固体废物资源化利用', subcategory: '建筑垃圾资源化利用', unit: 'ratio', valueKind: 'RATIO',
    formula: '综合利用量 ÷ 产生量 = Σ ENTRY at RECYCLING_PLANT ÷ Σ EXIT of non-voided waybills exiting in the month (typo L1665 corrected)',
    direction: 'UP', target: atLeast('0.9', seed2027('建筑垃圾资源化利用率达到90%以上')), computable: true,
    inputs: ['construction.toRecycling', 'construction.hauled'], priority: true, periods: ALL_PERIODS, areas: BOTH_AREAS,
    notes: 'generation is the hauled (site-exit) mass, not the area-based estimate the digest allows', sourceLines: 'L1661-1669',
  },
  {
    code: 'ZW12', number: '12', nameZh: '生活垃圾回收利用率', nameEn: 'Household-waste recycling rate', type: 'MANDATORY',
    category: '固体废物资源化利用', subcategory: '生活领域固体废物资源化利用', unit: 'ratio', valueKind: 'RATIO',
    formula: '(可回收物 + 易腐垃圾回收利用量) ÷ 生活垃圾产生量 = (recyclables + RECYCLABLE IN at SORTING_CENTER + KITCHEN/FOOD_SERVICE IN at FOOD_WASTE_PLANT) ÷ (collected + recyclables) (typo L1675 corrected)',
    direction: 'UP', target: atLeast('0.45', seed2027('生活垃圾回收利用率达到45%')), computable: true,
    inputs: ['household.recyclablesStream', 'household.recyclablesTicketed', 'household.perishables', 'household.collected'], priority: true, periods: ALL_PERIODS, areas: BOTH_AREAS, sourceLines: 'L1671-1679',
  },
  manual({ code: 'ZW13', number: '13', nameZh: '餐厨垃圾回收利用率增长率', nameEn: 'Growth of the food-service waste recycling rate', type: 'OPTIONAL', category: '固体废物资源化利用', subcategory: '生活领域固体废物资源化利用', unit: '%', valueKind: 'NUMBER', formula: '(当年回收利用率 − 上年) ÷ 上年 × 100%; the rate itself is not defined (digest §6 #2)', direction: 'UP', target: atLeast('5', digest2020('5%')), sourceLines: 'L1681-1689' }),
  {
    code: 'ZW14', number: '14', nameZh: '医疗卫生机构可回收物资源回收率', nameEn: 'Recovery rate of recyclables at medical institutions', type: 'MANDATORY',
    category: '固体废物资源化利用', subcategory: '生活领域固体废物资源化利用', unit: 'ratio', valueKind: 'RATIO',
    formula: '可回收物的回收量 ÷ 可回收物产生量 = Σ 回收量 ÷ Σ 产生量 (medical recyclables files)',
    direction: 'UP', target: atLeast('1', digest2020('100%')), computable: true,
    inputs: ['medical.recyclablesRecovered', 'medical.recyclablesGenerated'], priority: false, periods: ALL_PERIODS, areas: BOTH_AREAS, sourceLines: 'L1691-1701',
  },
  {
    code: 'ZW15', number: '15', nameZh: '工业危险废物安全处置量', nameEn: 'Industrial HW safely disposed', type: 'MANDATORY',
    category: '固体废物最终处置', subcategory: '危险废物安全处置', unit: 't', valueKind: 'TONNES',
    formula: '自行安全处置 + 持证单位处置 = Σ received jsl of manifests with route D* + Σ hw-ledger zxlyczl',
    direction: 'STABLE', target: null, computable: true,
    inputs: ['industrial.hw.receivedDisposed', 'industrial.hw.onSite'], priority: false, periods: ALL_PERIODS, areas: BOTH_AREAS,
    notes: 'the pilot\'s 2.74 万吨 was a planning figure, not a threshold (digest §6 #3): no target', sourceLines: 'L1703-1709',
  },
  {
    code: 'ZW16', number: '16', nameZh: '医疗废物收集处置体系覆盖率', nameEn: 'Coverage of the medical-waste collection and disposal system', type: 'MANDATORY',
    category: '固体废物最终处置', subcategory: '危险废物安全处置', unit: 'ratio', valueKind: 'RATIO',
    formula: '有处置单位接收记录的机构 ÷ 登记机构总数 (per month; quarter/year sum institution-months)',
    direction: 'TO_FULL', target: atLeast('1', digest2020('100%')), computable: true,
    inputs: ['medical.institutionsCovered', 'medical.institutions'], priority: true, periods: ALL_PERIODS, areas: BOTH_AREAS, sourceLines: 'L1711-1719',
  },
  manual({ code: 'ZW17', number: '17', nameZh: '社会源危险废物收集处置体系覆盖率', nameEn: 'Coverage of the social-source HW collection system', type: 'OPTIONAL', category: '固体废物最终处置', subcategory: '危险废物安全处置', unit: '%', valueKind: 'NUMBER', formula: '纳入体系的社会源危废产生单位 ÷ 社会源危废产生单位总数 × 100%', direction: 'TO_FULL', target: atLeast('100', digest2020('100%')), sourceLines: 'L1721-1731' }),
  {
    code: 'ZW18', number: '18', nameZh: '一般工业固体废物贮存处置量', nameEn: 'General industrial SW stored and disposed', type: 'MANDATORY',
    category: '固体废物最终处置', subcategory: '一般工业固体废物贮存处置', unit: 't', valueKind: 'TONNES',
    formula: '处置量 + 期末贮存量 = Σ (zxczl + wtczl) + Σ qmzcl',
    direction: 'CAP', target: atMost('8205', digest2020('8205 t', 'YEAR', 'an annual cap: judged on the year value only')), computable: true,
    inputs: ['industrial.general.disposed', 'industrial.general.closingStock'], priority: true, periods: ALL_PERIODS, areas: BOTH_AREAS,
    notes: 'closing stock is summed over months like the sandbox does; for a year the meaningful stock is the last month\'s', sourceLines: 'L1733-1739',
  },
  {
    code: 'ZW19', number: '19', nameZh: '建筑垃圾消纳量', nameEn: 'C&D waste accepted at regulated disposal sites', type: 'OPTIONAL',
    category: '固体废物最终处置', subcategory: '建筑垃圾消纳处置', unit: 't', valueKind: 'TONNES',
    formula: 'Σ ENTRY of non-voided waybills exiting in the month at DISPOSAL_SITE',
    direction: 'CAP', target: atMost('660000', digest2020('66 万吨', 'YEAR', 'an annual control figure')), computable: true,
    inputs: ['construction.toDisposalSite'], priority: true, periods: ALL_PERIODS, areas: BOTH_AREAS, sourceLines: 'L1741-1747',
  },
  {
    code: 'ZW20', number: '20', nameZh: '生活垃圾填埋量', nameEn: 'Household waste landfilled', type: 'MANDATORY',
    category: '固体废物最终处置', subcategory: '生活领域固体废物处置', unit: 't', valueKind: 'TONNES',
    formula: 'Σ NET of VALID IN tickets at LANDFILL facilities',
    direction: 'ZERO', target: { kind: 'ZERO', ...seed2027('保持原生生活垃圾"零填埋"') }, computable: true,
    inputs: ['household.landfilled'], priority: true, periods: ALL_PERIODS, areas: BOTH_AREAS, sourceLines: 'L1749-1757',
  },
  {
    code: 'ZW21', number: '21', nameZh: '有害垃圾收集处置体系覆盖率', nameEn: 'Coverage of the household hazardous-waste collection system', type: 'OPTIONAL',
    category: '固体废物最终处置', subcategory: '生活领域固体废物处置', unit: 'ratio', valueKind: 'RATIO',
    formula: '纳入有害垃圾体系的小区 ÷ 小区总数 (communities with hazardousCollection ÷ communities)',
    direction: 'TO_FULL', target: atLeast('1', digest2020('100%')), computable: true,
    inputs: ['household.communitiesHazardous', 'household.communities'], priority: false, periods: ALL_PERIODS, areas: BOTH_AREAS, sourceLines: 'L1759-1767',
  },
  manual({ code: 'ZW22', number: '22', nameZh: '"无废城市"建设地方性法规或政策性文件制定', nameEn: 'Local regulations or policy documents issued', type: 'MANDATORY', category: '保障能力', subcategory: '制度体系建设', unit: 'status', valueKind: 'STATUS', formula: 'status', direction: 'QUALITATIVE', statusScale: SCALE_POLICY, target: status('完成制定', SCALE_POLICY, digest2020('完成制定')), sourceLines: 'L1769-1773' }),
  manual({ code: 'ZW23', number: '23', nameZh: '"无废城市"建设协调机制', nameEn: 'Coordination mechanism', type: 'OPTIONAL', category: '保障能力', subcategory: '制度体系建设', unit: 'status', valueKind: 'STATUS', formula: 'status', direction: 'QUALITATIVE', statusScale: SCALE_MECHANISM, target: status('基本建立', SCALE_MECHANISM, digest2020('基本建立')), sourceLines: 'L1775-1779' }),
  manual({ code: 'ZW24', number: '24', nameZh: '"无废城市"建设成效纳入政绩考核情况', nameEn: 'Results included in performance appraisal', type: 'MANDATORY', category: '保障能力', subcategory: '制度体系建设', unit: 'status', valueKind: 'STATUS', formula: 'status', direction: 'QUALITATIVE', statusScale: SCALE_APPRAISAL, target: status('纳入', SCALE_APPRAISAL, seed2027('纳入美丽石景山建设考核体系')), sourceLines: 'L1781-1785' }),
  manual({ code: 'ZW25', number: '25', nameZh: '危险废物经营单位环境污染责任保险覆盖率', nameEn: 'Liability-insurance coverage of licensed HW operators', type: 'OPTIONAL', category: '保障能力', subcategory: '市场体系建设', unit: '%', valueKind: 'NUMBER', formula: '投保经营单位 ÷ 经营单位总数 × 100%', direction: 'TO_FULL', target: atLeast('100', digest2020('100%')), notes: 'the operators are known (LICENSED_OPERATOR parties); insurance is not in any source', sourceLines: 'L1787-1795' }),
  manual({ code: 'ZW26', number: '26', nameZh: '固体废物回收利用处置骨干企业数量', nameEn: 'Backbone SW recycling/disposal enterprises', type: 'MANDATORY', category: '保障能力', subcategory: '市场体系建设', unit: '个', valueKind: 'COUNT', formula: 'count with main business SW and revenue ≥ 800 万元', direction: 'UP', target: { kind: 'RANGE', min: '1', max: '2', ...digest2020('1–2') }, notes: 'revenue is not in the tax feed the hub receives', sourceLines: 'L1797-1803' }),
  manual({ code: 'ZW27', number: '27', nameZh: '生活垃圾减量化和资源化技术示范模式', nameEn: 'Household-waste reduction technology demonstration models', type: 'MANDATORY', category: '保障能力', subcategory: '技术体系建设', unit: '个', valueKind: 'COUNT', formula: 'count', direction: 'UP', target: atLeast('2', digest2020('2')), sourceLines: 'L1805-1809' }),
  manual({ code: 'ZW28', number: '28', nameZh: '危险废物全面安全管控技术示范模式', nameEn: 'HW safety-control technology demonstration models', type: 'MANDATORY', category: '保障能力', subcategory: '技术体系建设', unit: '个', valueKind: 'COUNT', formula: 'count', direction: 'UP', target: { kind: 'RANGE', min: '1', max: '2', ...digest2020('1–2') }, sourceLines: 'L1811-1815' }),
  manual({ code: 'ZW29', number: '29', nameZh: '固体废物利用处置关键技术工艺、设备研发及应用示范', nameEn: 'Key SW technology R&D and application demonstrations', type: 'OPTIONAL', category: '保障能力', subcategory: '技术体系建设', unit: '个', valueKind: 'COUNT', formula: 'count', direction: 'UP', target: { kind: 'RANGE', min: '1', max: '2', ...digest2020('1–2') }, sourceLines: 'L1817-1821' }),
  manual({ code: 'ZW30', number: '30', nameZh: '固体废物监管能力建设', nameEn: 'SW regulatory-capacity building', type: 'OPTIONAL', category: '保障能力', subcategory: '监管体系建设', unit: 'status', valueKind: 'STATUS', formula: 'status', direction: 'QUALITATIVE', statusScale: SCALE_CAPACITY, target: status('工业危险废物和工业一般固体废物监管能力基本完善', SCALE_CAPACITY, digest2020('基本完善')), sourceLines: 'L1823-1827' }),
  manual({ code: 'ZW31a', number: '31', nameZh: '危险废物规范化管理抽查合格率（产生单位）', nameEn: 'HW standardised-management compliance rate, generators', type: 'OPTIONAL', category: '保障能力', subcategory: '监管体系建设', unit: '%', valueKind: 'NUMBER', formula: '(达标 + 0.7 × 基本达标) ÷ 抽查考核单位数 × 100%', direction: 'UP', target: atLeast('100', digest2020('100%')), sourceLines: 'L1829-1841' }),
  manual({ code: 'ZW31b', number: '31', nameZh: '危险废物规范化管理合格率（经营单位）', nameEn: 'HW standardised-management compliance rate, licensed operators', type: 'OPTIONAL', category: '保障能力', subcategory: '监管体系建设', unit: '%', valueKind: 'NUMBER', formula: '(达标 + 0.7 × 基本达标) ÷ 抽查考核数量 × 100%', direction: 'UP', target: atLeast('100', digest2020('100%')), sourceLines: 'L1837' }),
  manual({ code: 'ZW32', number: '32', nameZh: '发现、处置、侦破固体废物环境污染刑事案件数量', nameEn: 'SW pollution criminal cases found, handled, solved', type: 'MANDATORY', category: '保障能力', subcategory: '监管体系建设', unit: '件', valueKind: 'COUNT', formula: 'count', direction: 'QUALITATIVE', target: null, notes: 'reflects enforcement; the pilot wrote 0 as its target', sourceLines: 'L1843-1849' }),
  manual({ code: 'ZW33', number: '33', nameZh: '固体废物相关环境污染事件数量', nameEn: 'SW-related pollution incidents', type: 'OPTIONAL', category: '保障能力', subcategory: '监管体系建设', unit: '件', valueKind: 'COUNT', formula: 'count', direction: 'ZERO', target: { kind: 'ZERO', ...digest2020('0') }, sourceLines: 'L1851-1857' }),
  manual({ code: 'ZW34', number: '34', nameZh: '涉固体废物信访、投诉、举报案件办结率', nameEn: 'Closure rate of SW petitions and complaints', type: 'OPTIONAL', category: '保障能力', subcategory: '监管体系建设', unit: '%', valueKind: 'NUMBER', formula: '按时办结 ÷ 案件总数 × 100% [implied]', direction: 'TO_FULL', target: atLeast('100', digest2020('100%')), sourceLines: 'L1859-1865' }),
  manual({ code: 'ZW35', number: '35', nameZh: '"无废城市"建设宣传教育培训普及率', nameEn: 'Penetration of publicity, education and training', type: 'OPTIONAL', category: '群众获得感', subcategory: '群众获得感', unit: '%', valueKind: 'NUMBER', formula: 'third-party survey', direction: 'UP', target: atLeast('80', digest2020('80%')), sourceLines: 'L1867-1873' }),
  manual({ code: 'ZW36', number: '36', nameZh: '政府、企事业单位、公众对"无废城市"建设的参与程度', nameEn: 'Participation of government, enterprises and public', type: 'OPTIONAL', category: '群众获得感', subcategory: '群众获得感', unit: 'status', valueKind: 'STATUS', formula: 'third-party survey', direction: 'QUALITATIVE', statusScale: SCALE_PARTICIPATION, target: status('较好', SCALE_PARTICIPATION, digest2020('较好')), sourceLines: 'L1875-1881' }),
  manual({ code: 'ZW37', number: '37', nameZh: '公众对"无废城市"建设成效的满意程度', nameEn: 'Public satisfaction with the results', type: 'MANDATORY', category: '群众获得感', subcategory: '群众获得感', unit: 'status', valueKind: 'STATUS', formula: 'third-party survey', direction: 'QUALITATIVE', statusScale: SCALE_SATISFACTION, target: status('满意', SCALE_SATISFACTION, digest2020('满意')), notes: '★ only in the tables (digest §6 #4)', sourceLines: 'L1883-1889' }),
  manual({ code: 'ZS1', number: 'S1', nameZh: '单台汽车危险废物产生量', nameEn: 'HW generated per vehicle produced', type: 'SELF_SELECTED', category: '固体废物源头减量', subcategory: '工业源头减量', unit: 'kg/台', valueKind: 'NUMBER', formula: '整车厂危险废物年产生总量 ÷ 汽车年产量', direction: 'DOWN', target: atMost('15', digest2020('15 kg/台')), notes: 'vehicle output is in no source', sourceLines: 'L1893-1901' }),
  manual({ code: 'ZS2', number: 'S2', nameZh: '自愿清洁生产审核单位新增数量', nameEn: 'New voluntary cleaner-production audits', type: 'SELF_SELECTED', category: '固体废物源头减量', subcategory: '工业源头减量', unit: '家', valueKind: 'COUNT', formula: 'count', direction: 'UP', target: atLeast('18', digest2020('18')), sourceLines: 'L1903-1911' }),
  manual({ code: 'ZS3', number: 'S3', nameZh: '开展绿色供应链管理的龙头企业数量', nameEn: 'Leading enterprises with green supply-chain management', type: 'SELF_SELECTED', category: '固体废物源头减量', subcategory: '工业源头减量', unit: '家', valueKind: 'COUNT', formula: 'count', direction: 'UP', target: atLeast('2', digest2020('2')), sourceLines: 'L1913-1921' }),
  manual({ code: 'ZS4', number: 'S4', nameZh: '新建工业建筑中绿色建筑比例', nameEn: 'Green-building share of new industrial buildings', type: 'SELF_SELECTED', category: '固体废物源头减量', subcategory: '建筑业源头减量', unit: '%', valueKind: 'NUMBER', formula: '新建绿色工业建筑面积 ÷ 新建工业建筑面积 × 100%', direction: 'UP', target: atLeast('90', digest2020('90%')), sourceLines: 'L1923-1931' }),
  manual({ code: 'ZS5', number: 'S5', nameZh: '重点园区废物管理制度与能力建设', nameEn: 'Key park waste-management system and capacity', type: 'SELF_SELECTED', category: '保障能力', subcategory: '制度体系建设', unit: 'status', valueKind: 'STATUS', formula: 'status', direction: 'QUALITATIVE', statusScale: SCALE_MECHANISM, target: status('基本建立', SCALE_MECHANISM, digest2020('基本建立')), sourceLines: 'L1933-1937' }),
  manual({ code: 'ZS6', number: 'S6', nameZh: '工业企业对"无废城市"建设成效的满意程度', nameEn: 'Enterprise satisfaction with the results', type: 'SELF_SELECTED', category: '群众获得感', subcategory: '群众获得感', unit: 'status', valueKind: 'STATUS', formula: 'third-party survey', direction: 'QUALITATIVE', statusScale: SCALE_SATISFACTION, target: status('满意', SCALE_SATISFACTION, digest2020('满意')), sourceLines: 'L1939-1947' }),
  {
    code: 'HW-LANDFILL-RATE', number: null, nameZh: '危险废物填埋率', nameEn: 'Hazardous-waste landfill rate', type: 'HUB',
    category: '固体废物最终处置', subcategory: '危险废物安全处置', unit: 'ratio', valueKind: 'RATIO',
    formula: '填埋量 ÷ 产生量 = Σ received jsl of manifests shipped in the month with route D1 ÷ Σ HW csl',
    direction: 'DOWN', target: atMost('0.3', seed2027('危险废物填埋率低于30%', '自2027年起，本区危险废物动态保持零填埋'), true), computable: true,
    inputs: ['industrial.hw.receivedLandfilled', 'industrial.hw.generated'], priority: true, periods: ALL_PERIODS, areas: BOTH_AREAS,
    sourceLines: 'seed 000 (district plan), DESIGN §6',
  },
];

const BY_CODE = new Map(INDICATORS.map((d) => [d.code, d]));

export function indicatorDefinition(code: string): IndicatorDefinition | null {
  return BY_CODE.get(code) ?? null;
}

/** DESIGN §6 priority set, in the plan's order. */
export const PRIORITY_CODES: readonly string[] = ['ZW01', 'ZW09', 'HW-LANDFILL-RATE', 'ZW12', 'ZW11', 'ZW10', 'ZW06', 'ZW20', 'ZW16', 'ZW19', 'ZW18'];

export const COMPUTABLE = INDICATORS.filter((d) => d.computable);
