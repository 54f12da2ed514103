/**
 * Hazardous-waste classes HW01–HW50 of the 国家危险废物名录 and the 8-digit waste-code format
 * (`NNN-NNN-NN`, last two digits = class). HW41 and HW42 were folded into HW06 by the 2016 edition,
 * so they are kept with a `validTo` rather than deleted: older records still carry them.
 */

export interface HwClass {
  code: string; // HW01 … HW50
  name: string;
  validFrom: Date;
  validTo: Date | null;
  note: string | null;
}

const LIST_2008 = new Date('2008-08-01T00:00:00+08:00');
const LIST_2016 = new Date('2016-08-01T00:00:00+08:00');

const NAMES: readonly string[] = [
  '医疗废物', '医药废物', '废药物、药品', '农药废物', '木材防腐剂废物',
  '废有机溶剂与含有机溶剂废物', '热处理含氰废物', '废矿物油与含矿物油废物', '油/水、烃/水混合物或乳化液', '多氯（溴）联苯类废物',
  '精（蒸）馏残渣', '染料、涂料废物', '有机树脂类废物', '新化学物质废物', '爆炸性废物',
  '感光材料废物', '表面处理废物', '焚烧处置残渣', '含金属羰基化合物废物', '含铍废物',
  '含铬废物', '含铜废物', '含锌废物', '含砷废物', '含硒废物',
  '含镉废物', '含锑废物', '含碲废物', '含汞废物', '含铊废物',
  '含铅废物', '无机氟化物废物', '无机氰化物废物', '废酸', '废碱',
  '石棉废物', '有机磷化合物废物', '有机氰化物废物', '含酚废物', '含醚废物',
  '废卤化有机溶剂', '废有机溶剂', '含多氯苯并呋喃类废物', '含多氯苯并二噁英废物', '含有机卤化物废物',
  '含镍废物', '含钡废物', '有色金属采选和冶炼废物', '其他废物', '废催化剂',
];

export const HW_CLASSES: readonly HwClass[] = NAMES.map((name, index) => {
  const code = `HW${String(index + 1).padStart(2, '0')}`;
  const retired = code === 'HW41' || code === 'HW42';
  return {
    code,
    name,
    validFrom: LIST_2008,
    validTo: retired ? LIST_2016 : null,
    note: retired ? 'merged into HW06 by the 2016 national list' : null,
  };
});

export const HW_LIST_VERSION = { version: '2021', validFrom: new Date('2021-01-01T00:00:00+08:00') } as const;

export function hwClass(code: string): HwClass | undefined {
  return HW_CLASSES.find((c) => c.code === code);
}

/** Medical waste is HW01 in five categories (医疗废物分类目录 2021), each with its national-list code. */
export const MEDICAL_CATEGORIES = [
  { code: 'INFECTIOUS', name: '感染性废物', shortName: '感染性', hwCode: '841-001-01' },
  { code: 'SHARPS', name: '损伤性废物', shortName: '损伤性', hwCode: '841-002-01' },
  { code: 'PATHOLOGICAL', name: '病理性废物', shortName: '病理性', hwCode: '841-003-01' },
  { code: 'PHARMACEUTICAL', name: '药物性废物', shortName: '药物性', hwCode: '841-004-01' },
  { code: 'CHEMICAL', name: '化学性废物', shortName: '化学性', hwCode: '841-005-01' },
] as const;
export type MedicalCategory = (typeof MEDICAL_CATEGORIES)[number]['code'];

/** 感染性 / 感染性废物 / INFECTIOUS → code. */
export function medicalCategoryOf(raw: string): MedicalCategory | null {
  const text = raw.replace(/\s+/g, '');
  const found = MEDICAL_CATEGORIES.find((c) => c.code === text.toUpperCase() || c.name === text || c.shortName === text);
  return found?.code ?? null;
}
