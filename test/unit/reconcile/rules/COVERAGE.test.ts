import { missingFrom } from '../../../../src/reconcile/rules/COVERAGE';

describe('COVERAGE missingFrom', () => {
  it('lists expected parties absent on the other side, once, sorted', () => {
    expect(missingFrom(['B', 'A', 'C', 'A'], new Set(['C']))).toEqual(['A', 'B']);
  });
  it('is empty when every expected party is present (either side complete)', () => {
    expect(missingFrom(['A'], new Set(['A', 'Z']))).toEqual([]);
    expect(missingFrom([], new Set(['A']))).toEqual([]);
  });
});
