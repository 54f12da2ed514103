import { Types } from 'mongoose';
import { decodeCursor, encodeCursor, type SortKey } from '../../../src/graphql/connections';
import { FLAG_SORT, flagPosition } from '../../../src/graphql/resolvers/flags';

interface Row {
  at: Date;
}
const BY_TIME: SortKey<Row> = { name: 'rows', field: 'at', direction: -1, kind: 'date' };

const codeOf = (work: () => unknown) => {
  try {
    work();
  } catch (err) {
    return (err as { extensions?: { code?: string } }).extensions?.code;
  }
  return 'no error';
};

const unsigned = (body: object) => Buffer.from(JSON.stringify(body)).toString('base64url');

describe('the one cursor codec', () => {
  it('round-trips the positions it issued', () => {
    const id = new Types.ObjectId();
    const at = new Date('2026-03-01T00:00:00Z');
    expect(decodeCursor(encodeCursor({ _id: id, at }, BY_TIME), BY_TIME)).toEqual({ value: at, id });
    expect(flagPosition(encodeCursor({ _id: id, severityRank: 3 }, FLAG_SORT))).toEqual({ severityRank: 3, id });
  });

  it('refuses forged cursors (the sort value 1e308, a bare body, a changed signature) with BAD_USER_INPUT', () => {
    const id = new Types.ObjectId().toHexString();
    expect(codeOf(() => flagPosition(unsigned({ k: 'flags', v: 1e308, id })))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => flagPosition(`${unsigned({ k: 'flags', v: 1e308, id })}.AAAAAAAAAAAAAAAAAAAAAA`))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => flagPosition('r:1e308'))).toBe('BAD_USER_INPUT');
    const genuine = encodeCursor({ _id: new Types.ObjectId(), severityRank: 2 }, FLAG_SORT);
    const [payload, signature] = genuine.split('.') as [string, string];
    const tampered = unsigned({ ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), v: 1e308 });
    expect(codeOf(() => flagPosition(`${tampered}.${signature}`))).toBe('BAD_USER_INPUT');
  });

  it("refuses another list's cursor", () => {
    const cursor = encodeCursor({ _id: new Types.ObjectId(), at: new Date() }, BY_TIME);
    expect(codeOf(() => flagPosition(cursor))).toBe('BAD_USER_INPUT');
  });

  it('echoes a long cursor truncated in the error', () => {
    try {
      flagPosition('x'.repeat(10_000));
    } catch (err) {
      expect((err as Error).message.length).toBeLessThan(300);
      return;
    }
    throw new Error('no error');
  });
});
