/**
 * The district general industrial solid waste catalogue (一般工业固体废物分类名录, 2020-09-23, 14 classes /
 * 81 codes; domain/digest-appendices.md §1). Rows are as printed, with the printed defects handled
 * explicitly rather than silently corrected:
 * - 99-06-04 and 99-06-05 repeat the names of 99-06-02 and 99-06-03: kept, marked `ambiguousDuplicateOf`,
 *   and rolled up by name through `materialGroup`;
 * - 99-07-01 has no name (the printed row is shifted): `name: null, needsReview: true`;
 * - category labels printed with line-break spaces ("电子行业 废物") are stored with whitespace removed;
 * - hazard-boundary rows (lamps, instruments, metal packaging, ISW03 "未沾染") carry a `hazardNote`.
 * The catalogue is revised yearly (Art. 6), so every row belongs to a version with validity dates.
 */

export const MATERIAL_GROUPS = ['METAL', 'PLASTIC', 'PAPER', 'GLASS', 'RUBBER', 'ORGANIC', 'E_WASTE', 'SLUDGE', 'OTHER'] as const;
export type MaterialGroup = (typeof MATERIAL_GROUPS)[number];

export interface CatalogueCategory {
  code: string; // ISW01 … ISW14
  name: string;
}

export interface CatalogueEntry {
  /** digits only, e.g. "990403" */
  code6: string;
  /** as printed, e.g. "99-04-03" */
  display: string;
  category: string;
  /** digits 1–2: environmental-statistics waste type (99 其他废物, 07 污泥) */
  statTypeCode: '99' | '07';
  seq: number;
  name: string | null;
  nameEn: string | null;
  materialGroup: MaterialGroup;
  needsReview: boolean;
  ambiguousDuplicateOf: string | null;
  /** the catch-all row: reporters must give a free-text name */
  requiresFreeTextName: boolean;
  hazardNote: string | null;
}

export interface CatalogueVersion {
  version: string;
  validFrom: Date;
  validTo: Date | null;
  categories: readonly CatalogueCategory[];
  entries: readonly CatalogueEntry[];
}

const CATEGORIES: readonly CatalogueCategory[] = [
  { code: 'ISW01', name: '电子行业废物' },
  { code: 'ISW02', name: '汽车制造(维修)行业废物' },
  { code: 'ISW03', name: '生物医药(医疗器械)行业废物' },
  { code: 'ISW04', name: '智能制造及机器人行业废物' },
  { code: 'ISW05', name: '食品制品废物' },
  { code: 'ISW06', name: '印刷包装行业废料' },
  { code: 'ISW07', name: '通用类废物' },
  { code: 'ISW08', name: '废金属' },
  { code: 'ISW09', name: '废塑料' },
  { code: 'ISW10', name: '废橡胶' },
  { code: 'ISW11', name: '玻璃废物' },
  { code: 'ISW12', name: '包装废物' },
  { code: 'ISW13', name: '污泥' },
  { code: 'ISW14', name: '其他' },
];

type Row = [display: string, name: string | null, nameEn: string | null, group: MaterialGroup];

const ISW03_NOTE = 'general waste only when not contaminated (未沾染); otherwise hazardous';

/** As printed, L3804–3888, in printed order. */
const ROWS: readonly Row[] = [
  ['99-01-01', '废硅片', 'waste silicon wafers', 'E_WASTE'],
  ['99-01-02', '偏光膜边角料', 'polarizer-film offcuts', 'PLASTIC'],
  ['99-01-03', '偏光片', 'polarizer sheets', 'PLASTIC'],
  ['99-01-04', '废玻璃(电子)', 'waste glass (electronics)', 'GLASS'],
  ['99-01-05', '废无尘防护用品', 'waste cleanroom protective articles', 'OTHER'],
  ['99-01-06', '废电子类设备', 'waste electronic equipment', 'E_WASTE'],
  ['99-02-01', '发动机金属废屑', 'engine metal swarf', 'METAL'],
  ['99-02-02', '废钢板', 'waste steel plate', 'METAL'],
  ['99-02-03', '废锂电池(电池组)', 'waste lithium batteries (packs)', 'E_WASTE'],
  ['99-02-04', '废空调滤袋', 'waste A/C filter bags', 'OTHER'],
  ['99-02-05', '废空调滤芯', 'waste A/C filter cartridges', 'OTHER'],
  ['99-02-06', '废旧零配件', 'used spare parts', 'METAL'],
  ['99-02-07', '汽车座椅布革及填充物', 'car-seat fabric/leather and fillings', 'OTHER'],
  ['99-02-08', '废石灰粉', 'waste lime powder', 'OTHER'],
  ['99-02-09', '废轮胎', 'waste tyres', 'RUBBER'],
  ['99-03-01', '废玻璃器皿(未沾染)', 'waste glassware (uncontaminated)', 'GLASS'],
  ['99-03-02', '废塑料器皿(未沾染)', 'waste plastic ware (uncontaminated)', 'PLASTIC'],
  ['99-03-03', '废防护用品(未沾染)', 'waste protective articles (uncontaminated)', 'OTHER'],
  ['99-03-04', '废石膏屑', 'waste gypsum scraps', 'OTHER'],
  ['99-03-05', '废合金废屑', 'waste alloy scrap', 'METAL'],
  ['99-03-06', '废石英砂(砂轮、砂带)', 'waste quartz sand (grinding wheels, belts)', 'OTHER'],
  ['99-04-01', '冲压废铁', 'stamping scrap iron', 'METAL'],
  ['99-04-02', '冲压废铝', 'stamping scrap aluminium', 'METAL'],
  ['99-04-03', '机加工铁屑', 'machining iron chips', 'METAL'],
  ['99-04-04', '机加工铝屑', 'machining aluminium chips', 'METAL'],
  ['99-04-05', '机加工混合屑', 'machining mixed chips', 'METAL'],
  ['99-04-06', '废机加工件', 'scrapped machined parts', 'METAL'],
  ['99-05-01', '废已加工食品', 'waste processed food', 'ORGANIC'],
  ['99-05-02', '废植物/动物油、油脂', 'waste vegetable/animal oils, fats', 'ORGANIC'],
  ['99-05-03', '废乳制品', 'waste dairy products', 'ORGANIC'],
  ['99-05-04', '废糖', 'waste sugar', 'ORGANIC'],
  ['99-06-01', '废铝塑（亮点废铝塑、边条）', 'waste Al-plastic laminate (bright-spot rejects, edge strips)', 'PLASTIC'],
  ['99-06-02', '废复合纸', 'waste composite paper', 'PAPER'],
  ['99-06-03', '黑边条', 'black edge strips', 'PAPER'],
  ['99-06-04', '废复合纸', 'waste composite paper', 'PAPER'],
  ['99-06-05', '黑边条', 'black edge strips', 'PAPER'],
  ['99-06-06', '废卷筒纸芯（纸轴、堵头）', 'paper-roll cores (shafts, end plugs)', 'PAPER'],
  ['99-06-07', '印刷行业边角料', 'printing offcuts', 'PAPER'],
  ['99-06-08', '印刷半成品/次品', 'printing semi-finished/defective items', 'PAPER'],
  ['99-07-01', null, null, 'OTHER'],
  ['99-07-02', '废检测及控制仪器', 'waste testing & control instruments', 'E_WASTE'],
  ['99-07-03', '旧计算机、打印机类', 'old computers, printers', 'E_WASTE'],
  ['99-07-04', '废机电设备', 'waste electromechanical equipment', 'E_WASTE'],
  ['99-07-05', '废电缆/电线', 'waste cables/wires', 'METAL'],
  ['99-07-06', '办公类废纸', 'office waste paper', 'PAPER'],
  ['99-08-01', '废不锈钢', 'stainless-steel scrap', 'METAL'],
  ['99-08-02', '废铁', 'iron scrap', 'METAL'],
  ['99-08-03', '废铜', 'copper scrap', 'METAL'],
  ['99-08-04', '废铝', 'aluminium scrap', 'METAL'],
  ['99-08-05', '其他有色金属', 'other non-ferrous metals', 'METAL'],
  ['99-08-06', '废合金', 'alloy scrap', 'METAL'],
  ['99-09-01', '聚氯乙烯（PVC）', 'PVC', 'PLASTIC'],
  ['99-09-02', '聚乙烯（PE）', 'PE', 'PLASTIC'],
  ['99-09-03', '聚四氟乙烯（PTFE）', 'PTFE', 'PLASTIC'],
  ['99-09-04', '聚苯乙烯（PS）', 'PS', 'PLASTIC'],
  ['99-09-05', '聚丙烯（PP）', 'PP', 'PLASTIC'],
  ['99-09-06', '有机玻璃（PMMA）', 'PMMA', 'PLASTIC'],
  ['99-09-07', '聚酯瓶（PET）', 'PET bottles', 'PLASTIC'],
  ['99-09-08', '聚氨酯', 'polyurethane', 'PLASTIC'],
  ['99-09-09', '聚酯', 'polyester', 'PLASTIC'],
  ['99-09-10', '环氧树脂', 'epoxy resin', 'PLASTIC'],
  ['99-09-11', '酚醛树脂', 'phenolic resin', 'PLASTIC'],
  ['99-09-12', '复合塑料', 'composite plastics', 'PLASTIC'],
  ['99-10-01', '橡胶碎片', 'rubber fragments', 'RUBBER'],
  ['99-10-02', '废橡胶制品', 'waste rubber products', 'RUBBER'],
  ['99-11-01', '碎玻璃', 'broken glass (cullet)', 'GLASS'],
  ['99-11-02', '废灯管', 'waste lamp tubes', 'GLASS'],
  ['99-12-01', '纸箱', 'cartons', 'PAPER'],
  ['99-12-02', '纸袋', 'paper bags', 'PAPER'],
  ['99-12-03', '木托盘', 'wooden pallets', 'OTHER'],
  ['99-12-04', '木箱', 'wooden crates', 'OTHER'],
  ['99-12-05', '塑料箱', 'plastic crates', 'PLASTIC'],
  ['99-12-06', '塑料袋', 'plastic bags', 'PLASTIC'],
  ['99-12-07', '塑料托盘', 'plastic pallets', 'PLASTIC'],
  ['99-12-08', '金属包装物', 'metal packaging', 'METAL'],
  ['99-12-09', '纺织/编织袋', 'textile/woven bags', 'OTHER'],
  ['99-12-10', '玻璃/陶瓷包装物', 'glass/ceramic packaging', 'GLASS'],
  ['99-12-11', '填充物', 'fillers/dunnage', 'OTHER'],
  ['07-13-01', '生活污水处理污泥', 'domestic-sewage treatment sludge', 'SLUDGE'],
  ['07-13-02', '一般工业污泥', 'general industrial sludge', 'SLUDGE'],
  ['99-14-01', '其他类废物（自填）', 'other waste (free text, filled in by the reporter)', 'OTHER'],
];

const DUPLICATES: Record<string, string> = { '99-06-04': '99-06-02', '99-06-05': '99-06-03' };

const HAZARD_NOTES: Record<string, string> = {
  '99-11-02': 'fluorescent tubes are 有害垃圾 / HW29 (900-023-29) elsewhere; check for mercury lamps',
  '99-07-02': 'instruments may contain mercury (HW29)',
  '99-12-08': 'HW49 (900-041-49) when contaminated',
};

/** Printed labels carry line-break spaces ("ISW01 电子行业 废物"): drop all whitespace. */
export function normaliseCategoryLabel(label: string): string {
  return label.replace(/\s+/g, '');
}

function toEntry([display, name, nameEn, materialGroup]: Row, index: number): CatalogueEntry {
  const code6 = display.replace(/-/g, '');
  const category = `ISW${code6.slice(2, 4)}`;
  return {
    code6,
    display,
    category,
    statTypeCode: code6.slice(0, 2) as '99' | '07',
    seq: index + 1,
    name,
    nameEn,
    materialGroup,
    needsReview: name === null || display in DUPLICATES,
    ambiguousDuplicateOf: DUPLICATES[display] ?? null,
    requiresFreeTextName: display === '99-14-01',
    hazardNote: HAZARD_NOTES[display] ?? (category === 'ISW03' ? ISW03_NOTE : null),
  };
}

export const CATALOGUE_VERSIONS: readonly CatalogueVersion[] = [
  {
    version: '2020',
    validFrom: new Date('2020-09-23T00:00:00+08:00'),
    validTo: null,
    categories: CATEGORIES,
    entries: ROWS.map(toEntry),
  },
];

/** The catalogue version in force on a date (the record's date, not today's). */
export function catalogueAt(date: Date): CatalogueVersion | null {
  return (
    CATALOGUE_VERSIONS.find((v) => v.validFrom <= date && (v.validTo === null || date < v.validTo)) ?? null
  );
}

export function latestCatalogue(): CatalogueVersion {
  return CATALOGUE_VERSIONS[CATALOGUE_VERSIONS.length - 1]!;
}

/**
 * A waste name as enterprises write it, for matching: full/half width folded (NFKC), whitespace and
 * bracket styles removed, so "废玻璃（电子）" and "废玻璃 (电子)" meet.
 */
export function normaliseWasteName(name: string): string {
  return name.normalize('NFKC').replace(/[\s()[\]【】]/g, '').toLowerCase();
}

/**
 * The catalogue code a free-text waste name stands for, or null: exact names only (after
 * `normaliseWasteName`); the free-text catch-all 99-14-01 and unnamed rows are never matched, and a
 * duplicated name resolves to its first printed code.
 */
export function catalogueCodeForName(name: string, version: CatalogueVersion = latestCatalogue()): string | null {
  const wanted = normaliseWasteName(name);
  if (wanted === '') return null;
  for (const entry of version.entries) {
    if (entry.name === null || entry.requiresFreeTextName || entry.ambiguousDuplicateOf) continue;
    if (normaliseWasteName(entry.name) === wanted) return entry.display;
  }
  return null;
}
