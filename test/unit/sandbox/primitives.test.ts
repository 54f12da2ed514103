import { kgText, parseToGrams, tonnesNumber, tonnesText } from '../../../sandbox/scenario/mass';
import { Rng } from '../../../sandbox/scenario/prng';
import { corruptUsccCheck, isValidUscc, neighbourUscc, UsccFactory, usccCheckCharacter } from '../../../sandbox/scenario/uscc';
import { normaliseName, spellingVariant } from '../../../sandbox/scenario/context';

describe('sandbox primitives', () => {
  it('computes the GB 32100 check character (published example 91350100M000100Y43 → 3)', () => {
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    const factory = new UsccFactory(new Rng('t'));
    for (let i = 0; i < 200; i++) {
      const code = factory.next(i % 2 === 0 ? 'enterprise' : 'institution');
      expect(isValidUscc(code)).toBe(true);
      expect(isValidUscc(corruptUsccCheck(code))).toBe(false);
      const neighbour = neighbourUscc(code);
      expect([isValidUscc(neighbour), neighbour === code, neighbour.slice(0, 8) === code.slice(0, 8)]).toEqual([true, false, true]);
    }
  });

  it('is deterministic per seed and independent per fork', () => {
    const a = new Rng('seed');
    const b = new Rng('seed');
    expect(Array.from({ length: 5 }, () => a.nextUint32())).toEqual(Array.from({ length: 5 }, () => b.nextUint32()));
    expect(new Rng('seed').fork('x').next()).toBe(new Rng('seed').fork('x').next());
    expect(new Rng('seed').fork('x').next()).not.toBe(new Rng('seed').fork('y').next());
  });

  it('states grams exactly in t (4 decimals) and kg (2 decimals)', () => {
    expect(tonnesText(12_345_600)).toBe('12.3456');
    expect(JSON.stringify(tonnesNumber(12_345_600))).toBe('12.3456');
    expect(tonnesText(1_000_000)).toBe('1');
    expect(kgText(12_340)).toBe('12.34');
    expect(parseToGrams('12.3456', 1_000_000)).toBe(12_345_600);
    expect(parseToGrams('0.01', 1000)).toBe(10);
  });

  it('makes spelling variants that normalise to the same name', () => {
    const rng = new Rng('names');
    for (const name of ['华瑞（北京）电子科技有限公司', '北京恒达汽车零部件有限责任公司', '北京亦城印刷有限公司']) {
      for (let i = 0; i < 10; i++) expect(normaliseName(spellingVariant(name, rng))).toBe(normaliseName(name));
    }
  });
});
