import { compareHwLicence, normaliseHwClass } from '../../../../src/reconcile/rules/HW-LICENCE';

describe('HW-LICENCE compareHwLicence', () => {
  it.each([
    ['covered', 'HW08', ['HW08', 'HW49'], null],
    ['covered, other spelling', 'hw 08', ['08'], null],
    ['not covered', 'HW17', ['HW08', 'HW49'], 'CLASS_NOT_COVERED'],
    ['registered receiver without an HW licence', 'HW08', [], 'NO_LICENCE'],
    ['receiver the registry does not list: licence unknown, not a violation', 'HW08', null, null],
    ['no class on the manifest', null, ['HW08'], null],
  ])('%s', (_name, hwClass, licensed, expected) => {
    expect(compareHwLicence({ hwClass, licensedClasses: licensed })?.kind ?? null).toBe(expected);
  });

  it('normalises class spellings', () => {
    expect(normaliseHwClass('HW8')).toBe('HW08');
    expect(normaliseHwClass('ＨＷ４９')).toBe('HW49');
    expect(normaliseHwClass('X1')).toBeNull();
  });
});
