import { identityKey, normaliseCompanyName } from '../../../src/resolve/normalise';
import { matchObservation, prepareObservation, type AliasView, type CandidateView, type DecisionView } from '../../../src/resolve/matcher';

const USCC_A = '91110108551385082Q';
const USCC_B = '91350100M000100Y43';

describe('normaliseCompanyName', () => {
  it.each<[string, string]>([
    ['北京星辰科技有限责任公司', '北京星辰科技有限公司'],
    ['北京星辰科技有限公司 ', '北京星辰科技有限公司'],
    ['北京 星辰 科技有限公司', '北京星辰科技有限公司'],
    ['星辰科技（北京）有限公司', '星辰科技北京有限公司'],
    ['星辰科技(北京)有限公司', '星辰科技北京有限公司'],
    ['ＡＢＣ环保有限公司', 'ABC环保有限公司'],
    ['abc环保有限公司', 'ABC环保有限公司'],
    ['北京星辰科技股份有限公司', '北京星辰科技股份有限公司'],
  ])('%p → %p', (name, normalised) => {
    expect(normaliseCompanyName(name)).toBe(normalised);
  });
});

function party(id: string, fields: { uscc?: string | null; names: string[]; street?: string; status?: CandidateView['status']; extraKeys?: string[]; aliases?: AliasView[] }): CandidateView {
  const names = fields.names.map(normaliseCompanyName);
  const keys = new Set<string>(fields.extraKeys ?? []);
  for (const n of names) {
    keys.add(identityKey.nameAnywhere(n));
    if (fields.street) keys.add(identityKey.nameInStreet(n, fields.street));
  }
  if (fields.uscc) keys.add(identityKey.uscc(fields.uscc));
  return {
    id,
    primaryKey: fields.uscc ? identityKey.uscc(fields.uscc) : `SRC:test:${id}`,
    uscc: fields.uscc ?? null,
    status: fields.status ?? 'ACTIVE',
    identityKeys: keys,
    normalisedNames: new Set(names),
    aliases: fields.aliases ?? [],
  };
}

describe('matchObservation', () => {
  const star = party('p1', { uscc: USCC_A, names: ['北京星辰科技有限责任公司'], street: 'BAJIAO' });

  it('matches an exact USCC whatever the name', () => {
    const o = prepareObservation({ source: 'taxstat', uscc: USCC_A, name: '北京星辰科技有限公司' });
    expect(matchObservation(o, [star], [])).toMatchObject({ action: 'ATTACH', partyId: 'p1', via: 'USCC', cases: [] });
  });

  it('matches a spelling variant by name within the same street', () => {
    const o = prepareObservation({ source: 'medical', name: '北京 星辰科技有限公司', street: '八角街道' });
    expect(matchObservation(o, [star], [])).toMatchObject({ action: 'ATTACH', partyId: 'p1', via: 'NAME' });
  });

  it('does not match the same name in another street', () => {
    const o = prepareObservation({ source: 'medical', name: '北京星辰科技有限公司', street: '古城' });
    expect(matchObservation(o, [star], [])).toEqual({ action: 'CREATE', status: 'ACTIVE', cases: [] });
  });

  it('opens a case for one USCC with a different name', () => {
    const o = prepareObservation({ source: 'taxstat', uscc: USCC_A, name: '北京月亮贸易有限公司' });
    expect(matchObservation(o, [star], [])).toMatchObject({ action: 'ATTACH', via: 'USCC', cases: [{ kind: 'USCC_NAME_CONFLICT' }] });
  });

  it('keeps two USCCs with the same name and street apart, and asks', () => {
    const o = prepareObservation({ source: 'industrial', uscc: USCC_B, name: '北京星辰科技有限公司', street: '八角' });
    expect(matchObservation(o, [star], [])).toEqual({
      action: 'CREATE',
      status: 'ACTIVE',
      cases: [{ kind: 'NAME_SHARED_DIFFERENT_USCC', subjectKey: identityKey.uscc(USCC_B), candidateIds: ['p1'] }],
    });
  });

  it('creates a pending party when a name matches several parties in the street', () => {
    const twin = party('p2', { uscc: USCC_B, names: ['北京星辰科技有限公司'], street: 'BAJIAO' });
    const o = prepareObservation({ source: 'household', name: '北京星辰科技有限公司', street: '八角' });
    expect(matchObservation(o, [star, twin], [])).toMatchObject({
      action: 'CREATE',
      status: 'PENDING',
      cases: [{ kind: 'AMBIGUOUS_NAME', candidateIds: ['p1', 'p2'] }],
    });
  });

  it('adopts a USCC into a nameless-USCC party with the same name in the street', () => {
    const noUscc = party('p3', { names: ['北京星辰科技有限公司'], street: 'BAJIAO' });
    const o = prepareObservation({ source: 'industrial', uscc: USCC_A, name: '北京星辰科技有限责任公司', street: '八角' });
    expect(matchObservation(o, [noUscc], [])).toMatchObject({ action: 'ATTACH', partyId: 'p3', via: 'NAME', adoptUscc: true });
  });

  it('asks when there is no street and no USCC', () => {
    const o = prepareObservation({ source: 'taxstat', uscc: 'not-a-uscc', name: '北京星辰科技有限公司' });
    expect(matchObservation(o, [star], [])).toMatchObject({ action: 'CREATE', status: 'PENDING', cases: [{ kind: 'NO_STREET' }] });
  });

  it('honours steward decisions', () => {
    const twin = party('p2', { uscc: USCC_B, names: ['北京星辰科技有限公司'], street: 'BAJIAO' });
    const o = prepareObservation({ source: 'household', sourceKey: 'h-1', name: '北京星辰科技有限公司', street: '八角' });
    const matchB: DecisionView[] = [{ subjectKey: o.subjectKey, candidateKey: identityKey.uscc(USCC_B), verdict: 'MATCH' }];
    expect(matchObservation(o, [star, twin], matchB)).toMatchObject({ action: 'ATTACH', partyId: 'p2', via: 'DECISION' });
    const notA: DecisionView[] = [{ subjectKey: o.subjectKey, candidateKey: identityKey.uscc(USCC_A), verdict: 'NO_MATCH' }];
    expect(matchObservation(o, [star, twin], notA)).toMatchObject({ action: 'ATTACH', partyId: 'p2', via: 'NAME' });
  });

  describe('a mention without a key of its own', () => {
    const registryAlias: AliasView = { source: 'industrial', sourceKey: 'ent-1', normalisedName: normaliseCompanyName('北京星辰科技有限责任公司'), street: 'BAJIAO', usccRaw: USCC_A };
    const registered = party('p1', { uscc: USCC_A, names: ['北京星辰科技有限责任公司'], street: 'BAJIAO', aliases: [registryAlias] });

    it('is the alias of the same source that says the same name and USCC', () => {
      const ledger = prepareObservation({ source: 'industrial', uscc: USCC_A, name: '北京星辰科技 有限公司' });
      expect(ledger).toMatchObject({ sourceKey: USCC_A, ownSourceKey: false });
      expect(matchObservation(ledger, [registered], [])).toEqual({ action: 'ATTACH', partyId: 'p1', via: 'ALIAS', adoptUscc: false, sameAlias: 'ent-1', cases: [] });
      const inStreet = prepareObservation({ source: 'industrial', uscc: USCC_A, name: '北京星辰科技有限责任公司', street: '八角' });
      expect(matchObservation(inStreet, [registered], [])).toMatchObject({ via: 'ALIAS', sameAlias: 'ent-1' });
    });

    it('is not an alias of another source, another street, another USCC as written, or of several parties', () => {
      const cases = [
        prepareObservation({ source: 'taxstat', uscc: USCC_A, name: '北京星辰科技有限责任公司' }),
        prepareObservation({ source: 'industrial', uscc: USCC_A, name: '北京星辰科技有限责任公司', street: '古城' }),
        prepareObservation({ source: 'industrial', uscc: USCC_A.toLowerCase(), name: '北京星辰科技有限责任公司' }),
      ];
      for (const o of cases) expect(matchObservation(o, [registered], [])).toMatchObject({ action: 'ATTACH', via: 'USCC', sameAlias: null });
      const twin = party('p2', { names: ['北京星辰科技有限责任公司'], street: 'BAJIAO', aliases: [{ ...registryAlias, sourceKey: 'ent-2' }] });
      const ledger = prepareObservation({ source: 'industrial', uscc: USCC_A, name: '北京星辰科技有限责任公司' });
      expect(matchObservation(ledger, [registered, twin], [])).toMatchObject({ partyId: 'p1', via: 'USCC', sameAlias: null });
    });

    it('needs a USCC, and a source key of its own is always its own alias', () => {
      const nameOnly: AliasView = { ...registryAlias, usccRaw: null };
      const noUscc = party('p3', { names: ['北京星辰科技有限责任公司'], street: 'BAJIAO', aliases: [nameOnly] });
      const o = prepareObservation({ source: 'industrial', name: '北京星辰科技有限责任公司', street: '八角' });
      expect(matchObservation(o, [noUscc], [])).toMatchObject({ via: 'NAME', sameAlias: null });
      const keyed = prepareObservation({ source: 'industrial', sourceKey: 'ent-7', uscc: USCC_A, name: '北京星辰科技有限责任公司' });
      expect(keyed.ownSourceKey).toBe(true);
      expect(matchObservation(keyed, [registered], [])).toMatchObject({ via: 'USCC', sameAlias: null });
    });

    it('gives way to a steward\'s decision about the mention', () => {
      const invalid = '91110108551385082X';
      const stated = party('p4', { names: ['北京星辰科技有限责任公司'], street: 'BAJIAO', extraKeys: ['SRC:test:p4'], aliases: [{ ...registryAlias, usccRaw: invalid }] });
      const other = party('p5', { names: ['北京星辰科技有限责任公司'], street: 'GUCHENG', extraKeys: ['SRC:test:p5'] });
      const o = prepareObservation({ source: 'industrial', uscc: invalid, name: '北京星辰科技有限责任公司' });
      expect(o.uscc).toBeNull();
      expect(matchObservation(o, [stated, other], [])).toMatchObject({ partyId: 'p4', via: 'ALIAS', sameAlias: 'ent-1' });
      const match: DecisionView[] = [{ subjectKey: o.subjectKey, candidateKey: 'SRC:test:p5', verdict: 'MATCH' }];
      expect(matchObservation(o, [stated, other], match)).toMatchObject({ partyId: 'p5', via: 'DECISION', sameAlias: null });
      const noMatch: DecisionView[] = [{ subjectKey: o.subjectKey, candidateKey: 'SRC:test:p4', verdict: 'NO_MATCH' }];
      expect(matchObservation(o, [stated, other], noMatch)).not.toMatchObject({ partyId: 'p4' });
    });
  });

  it('finds a source alias seen before first', () => {
    const o = prepareObservation({ source: 'household', sourceKey: 'h-1', name: '完全不同的名字', street: '八角' });
    const known = party('p9', { names: ['别的名字'], street: 'GUCHENG', status: 'PENDING', extraKeys: [o.aliasKey] });
    expect(matchObservation(o, [star, known], [])).toMatchObject({ action: 'ATTACH', partyId: 'p9', via: 'ALIAS' });
  });
});
