import { compareHwCode } from '../../../../src/reconcile/rules/HW-CODE';

describe('HW-CODE compareHwCode', () => {
  it.each([
    ['well-formed and agreeing', '900-041-49', 'HW49', null],
    ['class disagrees', '900-041-49', 'HW08', 'CLASS_MISMATCH'],
    ['no hyphens: the same code', '90004149', 'HW49', null],
    ['spaces and full-width digits: the same code', '９００ ０４１ ４９', 'hw49', null],
    ['no hyphens, class disagrees', '90004149', 'HW08', 'CLASS_MISMATCH'],
    ['letters', '900-04A-49', 'HW49', 'BAD_FORMAT'],
    ['too short', '900-41-49', 'HW49', 'BAD_FORMAT'],
    ['missing code', null, 'HW49', 'BAD_FORMAT'],
    ['no class stated', '900-041-49', null, null],
  ])('%s', (_name, code, statedClass, expected) => {
    expect(compareHwCode({ code, statedClass })?.kind ?? null).toBe(expected);
  });
});
