import { compareHwCode } from '../../../../src/reconcile/rules/HW-CODE';

describe('HW-CODE compareHwCode', () => {
  it.each([
    ['well-formed and agreeing', '900-041-49', 'HW49', null],
    ['class disagrees', '900-041-49', 'HW08', 'CLASS_MISMATCH'],
    ['no hyphens', '90004149', 'HW49', 'BAD_FORMAT'],
    ['too short', '900-41-49', 'HW49', 'BAD_FORMAT'],
    ['missing code', null, 'HW49', 'BAD_FORMAT'],
    ['no class stated', '900-041-49', null, null],
  ])('%s', (_name, code, statedClass, expected) => {
    expect(compareHwCode({ code, statedClass })?.kind ?? null).toBe(expected);
  });
});
