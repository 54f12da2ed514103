/**
 * Household and construction waste categories, household recyclable materials and the medical
 * institutions' recyclables, with the codes the sources use (household.md, construction.md).
 */

/** The four-way split (四分类) plus the streams diverted outside it; colours from L4493. */
export const HOUSEHOLD_CATEGORIES = [
  { code: 'KITCHEN', name: '厨余垃圾', fourWay: 'KITCHEN', colour: 'green' },
  { code: 'FOOD_SERVICE', name: '餐厨垃圾', fourWay: 'KITCHEN', colour: 'green' },
  { code: 'RECYCLABLE', name: '可回收物', fourWay: 'RECYCLABLE', colour: 'blue' },
  { code: 'HAZARDOUS', name: '有害垃圾', fourWay: 'HAZARDOUS', colour: 'red' },
  { code: 'OTHER', name: '其他垃圾', fourWay: 'OTHER', colour: 'grey' },
  { code: 'BULKY', name: '大件垃圾', fourWay: null, colour: null },
  { code: 'GARDEN', name: '园林垃圾', fourWay: null, colour: null },
] as const;
export type HouseholdCategory = (typeof HOUSEHOLD_CATEGORIES)[number]['code'];

export const RECYCLABLE_MATERIALS = [
  { code: 'PAPER', name: '废纸' },
  { code: 'PLASTIC', name: '废塑料' },
  { code: 'METAL', name: '废金属' },
  { code: 'GLASS', name: '废玻璃' },
  { code: 'TEXTILE', name: '废织物' },
  { code: 'E_WASTE', name: '废弃电器电子产品' },
  { code: 'OTHER', name: '其他' },
] as const;
export type RecyclableMaterial = (typeof RECYCLABLE_MATERIALS)[number]['code'];

export const RECYCLABLE_CHANNELS = [
  { code: 'STATION', name: '回收站点' },
  { code: 'SMART_MACHINE', name: '智能回收机' },
  { code: 'DOOR_TO_DOOR', name: '上门回收' },
] as const;

/** GB 55012-2021 §6.1.1, with the e-waybill system's codes. */
export const CONSTRUCTION_CATEGORIES = [
  { code: 'SPOIL', name: '工程渣土', resourceTarget: false },
  { code: 'MUD', name: '工程泥浆', resourceTarget: false },
  { code: 'CONSTRUCTION', name: '工程垃圾', resourceTarget: true },
  { code: 'DEMOLITION', name: '拆除垃圾', resourceTarget: true },
  { code: 'DECORATION', name: '装修垃圾', resourceTarget: true },
] as const;
export type ConstructionCategory = (typeof CONSTRUCTION_CATEGORIES)[number]['code'];

/** Recyclables medical institutions hand to recyclers (recyclables/<YYYY-MM>.csv). */
export const MEDICAL_RECYCLABLES = [
  { code: 'INFUSION_BOTTLE', name: '输液瓶' },
  { code: 'INFUSION_BAG', name: '输液袋' },
  { code: 'PAPER_PACKAGING', name: '纸类包装' },
  { code: 'PLASTIC_PACKAGING', name: '塑料包装' },
  { code: 'OTHER', name: '其他' },
] as const;

export const CATEGORIES_VERSION = { version: '2021', validFrom: new Date('2021-01-01T00:00:00+08:00') } as const;
