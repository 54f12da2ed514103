/**
 * Reference data the scenario draws from: the district general-industrial catalogue
 * (domain/digest-appendices.md §1.2, all 81 codes), hazardous-waste codes by class with the seed's
 * transfer shares (digest-report-and-plan.md §2b), streets, and the categories each source uses.
 */

export interface CatalogueEntry {
  code: string;
  group: string;
  name: string;
}

const CATALOGUE_ROWS: readonly [string, string, string][] = [
  ['99-01-01', 'ISW01', '废硅片'], ['99-01-02', 'ISW01', '偏光膜边角料'], ['99-01-03', 'ISW01', '偏光片'],
  ['99-01-04', 'ISW01', '废玻璃(电子)'], ['99-01-05', 'ISW01', '废无尘防护用品'], ['99-01-06', 'ISW01', '废电子类设备'],
  ['99-02-01', 'ISW02', '发动机金属废屑'], ['99-02-02', 'ISW02', '废钢板'], ['99-02-03', 'ISW02', '废锂电池(电池组)'],
  ['99-02-04', 'ISW02', '废空调滤袋'], ['99-02-05', 'ISW02', '废空调滤芯'], ['99-02-06', 'ISW02', '废旧零配件'],
  ['99-02-07', 'ISW02', '汽车座椅布革及填充物'], ['99-02-08', 'ISW02', '废石灰粉'], ['99-02-09', 'ISW02', '废轮胎'],
  ['99-03-01', 'ISW03', '废玻璃器皿(未沾染)'], ['99-03-02', 'ISW03', '废塑料器皿(未沾染)'], ['99-03-03', 'ISW03', '废防护用品(未沾染)'],
  ['99-03-04', 'ISW03', '废石膏屑'], ['99-03-05', 'ISW03', '废合金废屑'], ['99-03-06', 'ISW03', '废石英砂(砂轮、砂带)'],
  ['99-04-01', 'ISW04', '冲压废铁'], ['99-04-02', 'ISW04', '冲压废铝'], ['99-04-03', 'ISW04', '机加工铁屑'],
  ['99-04-04', 'ISW04', '机加工铝屑'], ['99-04-05', 'ISW04', '机加工混合屑'], ['99-04-06', 'ISW04', '废机加工件'],
  ['99-05-01', 'ISW05', '废已加工食品'], ['99-05-02', 'ISW05', '废植物/动物油、油脂'], ['99-05-03', 'ISW05', '废乳制品'],
  ['99-05-04', 'ISW05', '废糖'], ['99-06-01', 'ISW06', '废铝塑（亮点废铝塑、边条）'], ['99-06-02', 'ISW06', '废复合纸'],
  ['99-06-03', 'ISW06', '黑边条'], ['99-06-04', 'ISW06', '废复合纸'], ['99-06-05', 'ISW06', '黑边条'],
  ['99-06-06', 'ISW06', '废卷筒纸芯（纸轴、堵头）'], ['99-06-07', 'ISW06', '印刷行业边角料'], ['99-06-08', 'ISW06', '印刷半成品/次品'],
  ['99-07-01', 'ISW07', ''], ['99-07-02', 'ISW07', '废检测及控制仪器'], ['99-07-03', 'ISW07', '旧计算机、打印机类'],
  ['99-07-04', 'ISW07', '废机电设备'], ['99-07-05', 'ISW07', '废电缆/电线'], ['99-07-06', 'ISW07', '办公类废纸'],
  ['99-08-01', 'ISW08', '废不锈钢'], ['99-08-02', 'ISW08', '废铁'], ['99-08-03', 'ISW08', '废铜'],
  ['99-08-04', 'ISW08', '废铝'], ['99-08-05', 'ISW08', '其他有色金属'], ['99-08-06', 'ISW08', '废合金'],
  ['99-09-01', 'ISW09', '聚氯乙烯（PVC）'], ['99-09-02', 'ISW09', '聚乙烯（PE）'], ['99-09-03', 'ISW09', '聚四氟乙烯（PTFE）'],
  ['99-09-04', 'ISW09', '聚苯乙烯（PS）'], ['99-09-05', 'ISW09', '聚丙烯（PP）'], ['99-09-06', 'ISW09', '有机玻璃（PMMA）'],
  ['99-09-07', 'ISW09', '聚酯瓶（PET）'], ['99-09-08', 'ISW09', '聚氨酯'], ['99-09-09', 'ISW09', '聚酯'],
  ['99-09-10', 'ISW09', '环氧树脂'], ['99-09-11', 'ISW09', '酚醛树脂'], ['99-09-12', 'ISW09', '复合塑料'],
  ['99-10-01', 'ISW10', '橡胶碎片'], ['99-10-02', 'ISW10', '废橡胶制品'], ['99-11-01', 'ISW11', '碎玻璃'],
  ['99-11-02', 'ISW11', '废灯管'], ['99-12-01', 'ISW12', '纸箱'], ['99-12-02', 'ISW12', '纸袋'],
  ['99-12-03', 'ISW12', '木托盘'], ['99-12-04', 'ISW12', '木箱'], ['99-12-05', 'ISW12', '塑料箱'],
  ['99-12-06', 'ISW12', '塑料袋'], ['99-12-07', 'ISW12', '塑料托盘'], ['99-12-08', 'ISW12', '金属包装物'],
  ['99-12-09', 'ISW12', '纺织/编织袋'], ['99-12-10', 'ISW12', '玻璃/陶瓷包装物'], ['99-12-11', 'ISW12', '填充物'],
  ['07-13-01', 'ISW13', '生活污水处理污泥'], ['07-13-02', 'ISW13', '一般工业污泥'], ['99-14-01', 'ISW14', '其他类废物（自填）'],
];

export const GENERAL_CATALOGUE: readonly CatalogueEntry[] = CATALOGUE_ROWS.map(([code, group, name]) => ({ code, group, name }));

export function catalogueGroup(group: string): CatalogueEntry[] {
  // 99-07-01 has no name in the printed catalogue and 99-06-04/05 duplicate other names: realistic
  // reporters avoid them, so the generator does too.
  return GENERAL_CATALOGUE.filter((e) => e.group === group && e.name !== '' && e.code !== '99-06-04' && e.code !== '99-06-05');
}

export type IndustrySector = 'IT' | 'AUTO' | 'BIOTECH' | 'ROBOTICS' | 'OTHER';

export interface SectorProfile {
  sector: IndustrySector;
  /** share of the district's industrial waste (seed: IT 44 %, autos 34 %, robotics 2 %, biotech 2 %) */
  share: number;
  industryCodes: string[];
  nameWords: string[];
  catalogueGroups: string[];
}

export const SECTORS: readonly SectorProfile[] = [
  { sector: 'IT', share: 0.44, industryCodes: ['3971', '3973', '3974', '3976', '3982'], nameWords: ['电子科技', '微电子', '光电科技', '半导体', '显示技术'], catalogueGroups: ['ISW01', 'ISW12', 'ISW09', 'ISW13'] },
  { sector: 'AUTO', share: 0.34, industryCodes: ['3611', '3670', '3660'], nameWords: ['汽车零部件', '汽车技术', '精密机械', '汽车部件'], catalogueGroups: ['ISW02', 'ISW08', 'ISW04', 'ISW12'] },
  { sector: 'ROBOTICS', share: 0.02, industryCodes: ['3491', '3492', '3499'], nameWords: ['智能装备', '机器人科技', '自动化设备'], catalogueGroups: ['ISW04', 'ISW08', 'ISW13'] },
  { sector: 'BIOTECH', share: 0.02, industryCodes: ['2710', '2720', '2761', '3581'], nameWords: ['生物医药', '生物科技', '医疗器械', '制药'], catalogueGroups: ['ISW03', 'ISW12', 'ISW09'] },
  { sector: 'OTHER', share: 0.18, industryCodes: ['1439', '2231', '2319', '2929', '3311'], nameWords: ['新材料', '包装制品', '印刷', '食品', '塑料制品'], catalogueGroups: ['ISW05', 'ISW06', 'ISW07', 'ISW12', 'ISW11', 'ISW10'] },
];

export interface HwClassProfile {
  hwClass: string;
  /** share of HW transferred (seed: HW06 31.96 %, HW34 23.48 %, HW49 8.87 %, HW17 8.70 %; rest spread) */
  share: number;
  codes: string[];
  form: '固态' | '半固态' | '液态';
  /** receiver routes, weighted: R-codes utilisation, D1 landfill, D10 incineration, other D disposal */
  routes: readonly (readonly [string, number])[];
}

export const HW_CLASSES: readonly HwClassProfile[] = [
  { hwClass: 'HW06', share: 0.3196, codes: ['900-402-06', '900-404-06'], form: '液态', routes: [['R2', 0.75], ['D10', 0.25]] },
  { hwClass: 'HW34', share: 0.2348, codes: ['900-300-34', '900-349-34'], form: '液态', routes: [['R6', 0.7], ['D9', 0.3]] },
  { hwClass: 'HW49', share: 0.0887, codes: ['900-041-49', '900-047-49'], form: '固态', routes: [['D10', 0.7], ['D1', 0.3]] },
  { hwClass: 'HW17', share: 0.087, codes: ['336-064-17', '336-063-17'], form: '半固态', routes: [['R4', 0.5], ['D1', 0.5]] },
  { hwClass: 'HW08', share: 0.07, codes: ['900-249-08', '900-214-08'], form: '液态', routes: [['R9', 0.85], ['D10', 0.15]] },
  { hwClass: 'HW09', share: 0.05, codes: ['900-006-09'], form: '液态', routes: [['D9', 1]] },
  { hwClass: 'HW12', share: 0.05, codes: ['900-252-12'], form: '半固态', routes: [['D10', 1]] },
  { hwClass: 'HW13', share: 0.03, codes: ['900-014-13'], form: '固态', routes: [['D10', 1]] },
  { hwClass: 'HW22', share: 0.03, codes: ['398-004-22'], form: '半固态', routes: [['R4', 1]] },
  { hwClass: 'HW31', share: 0.02, codes: ['900-052-31'], form: '固态', routes: [['R4', 1]] },
  { hwClass: 'HW29', share: 0.01, codes: ['900-023-29'], form: '固态', routes: [['C', 1]] },
  { hwClass: 'HW50', share: 0.0099, codes: ['900-049-50'], form: '固态', routes: [['R8', 1]] },
];

/**
 * The 9 streets of 石景山区, the district of the plan (seed 000) whose 2027 targets the hub measures; the
 * same list as src/model/reference/streets.ts. Coordinates are each street's approximate centre.
 */
export const STREETS: readonly { name: string; lat: number; lon: number }[] = [
  { name: '八宝山街道', lat: 39.9071, lon: 116.2357 },
  { name: '老山街道', lat: 39.9065, lon: 116.2225 },
  { name: '八角街道', lat: 39.9166, lon: 116.1958 },
  { name: '古城街道', lat: 39.9248, lon: 116.1841 },
  { name: '苹果园街道', lat: 39.9301, lon: 116.1752 },
  { name: '金顶街街道', lat: 39.9352, lon: 116.1503 },
  { name: '广宁街道', lat: 39.9434, lon: 116.1348 },
  { name: '五里坨街道', lat: 39.9503, lon: 116.1196 },
  { name: '鲁谷街道', lat: 39.8872, lon: 116.2321 },
];

export const DISTRICT_NAME = '石景山区';

export const MEDICAL_CATEGORIES = ['感染性', '损伤性', '病理性', '药物性', '化学性'] as const;
export type MedicalCategory = (typeof MEDICAL_CATEGORIES)[number];

export const HOUSEHOLD_CATEGORIES = ['KITCHEN', 'FOOD_SERVICE', 'RECYCLABLE', 'HAZARDOUS', 'OTHER', 'BULKY'] as const;
export type HouseholdCategory = (typeof HOUSEHOLD_CATEGORIES)[number];

export const HOUSEHOLD_FACILITY_TYPES = ['TRANSFER_STATION', 'INCINERATOR', 'FOOD_WASTE_PLANT', 'LANDFILL', 'SORTING_CENTER', 'HAZARDOUS_COLLECTION'] as const;
export type HouseholdFacilityType = (typeof HOUSEHOLD_FACILITY_TYPES)[number];

/**
 * Categories a treatment facility may receive (HH-CATEGORY). Transfer stations are not checked: they take
 * mixed loads by design.
 */
export const ACCEPTED_CATEGORIES: Record<Exclude<HouseholdFacilityType, 'TRANSFER_STATION'>, readonly HouseholdCategory[]> = {
  INCINERATOR: ['OTHER', 'BULKY'],
  FOOD_WASTE_PLANT: ['KITCHEN', 'FOOD_SERVICE'],
  LANDFILL: ['OTHER'],
  SORTING_CENTER: ['RECYCLABLE', 'BULKY'],
  HAZARDOUS_COLLECTION: ['HAZARDOUS'],
};

export const CDW_CATEGORIES = ['SPOIL', 'MUD', 'CONSTRUCTION', 'DEMOLITION', 'DECORATION'] as const;
export type CdwCategory = (typeof CDW_CATEGORIES)[number];

export const PROJECT_KINDS = ['NEW_BUILD', 'PREFAB', 'DEMOLITION', 'RENOVATION', 'MUNICIPAL'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

/** Characters the name generator combines into brand names (字号). */
export const BRAND_CHARACTERS = '华瑞博兴泰康宏远恒达鑫源亦城京通创新科盛隆安佳明德信诚宇航天海金石中联银河东方正大天成永丰嘉禾智慧汇智合力祥云'.split('');

export const PLATE_LETTERS = 'ABCEFGHJKLMNPQ'.split('');
