/**
 * Company-name normalisation for matching across sources. Sources differ in width (（）vs ()),
 * spacing, brackets around a place or group name, and 有限公司 vs 有限责任公司 (the same legal form,
 * written out or not); none of those distinguish two companies.
 */
export function normaliseCompanyName(name: string): string {
  return name
    .normalize('NFKC') // full-width letters, digits and brackets → half-width
    .replace(/\s+/g, '')
    .replace(/[()[\]{}【】〔〕〖〗<>《》「」『』]/g, '')
    .replace(/[·・.,，、'"“”‘’]/g, '')
    .replace(/有限责任公司/g, '有限公司')
    .toUpperCase();
}

/** Identity keys a party is looked up by. */
export const identityKey = {
  uscc: (uscc: string) => `USCC:${uscc}`,
  sourceAlias: (source: string, sourceKey: string) => `SRC:${source}:${sourceKey}`,
  nameInStreet: (normalisedName: string, street: string) => `NAME:${normalisedName}|${street}`,
  nameAnywhere: (normalisedName: string) => `NAMEONLY:${normalisedName}`,
};
