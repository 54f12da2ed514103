/**
 * A movement list chunk's rows (src/store/movementLists.ts): each row's `_id` and BSON document, joined
 * and deflated. Decoding gives the rows back with their types; splitting gives them still encoded, in
 * order, with their ids, and rows split from several chunks join into a chunk that decodes to them
 * (the merged list's rebuild). A chunk cut short or damaged is refused.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { Types } from 'mongoose';
import { decodeListRow, encodeListRow, joinListRows, splitListRows, type MovementListRow } from '../../../src/store/movementLists';

const row = (hex: string, extra: Record<string, unknown> = {}): MovementListRow => ({
  _id: new Types.ObjectId(hex),
  stream: 'household',
  period: '2026-10',
  quantity: { value: '12.345', unit: 't' },
  occurredAt: new Date('2026-10-03T08:00:00Z'),
  sources: [{ recordId: new Types.ObjectId('65f000000000000000000001'), version: 2 }],
  ...extra,
});

const plain = (rows: readonly MovementListRow[]) => JSON.parse(JSON.stringify(rows));

describe('movement list chunk rows', () => {
  const first = [row('65f0000000000000000000c3'), row('65f0000000000000000000b2', { note: null, tags: [] }), row('65f0000000000000000000a1')];

  it('decodes to the rows it was given, ids, dates and nested values kept', () => {
    const decoded = splitListRows(joinListRows(first.map(encodeListRow))).map(decodeListRow);
    expect(decoded).toHaveLength(3);
    expect(decoded[0]!._id).toBeInstanceOf(Types.ObjectId);
    expect(decoded[0]!.occurredAt).toBeInstanceOf(Date);
    expect(plain(decoded)).toEqual(plain(first));
  });

  it('splits into the rows in order, each with its id, without decoding them', () => {
    const split = splitListRows(joinListRows(first.map(encodeListRow)));
    expect(split.map((r) => r.id)).toEqual(first.map((r) => r._id.toHexString()));
  });

  it('joins rows split from several chunks into one chunk of those rows', () => {
    const second = [row('65f0000000000000000000c0', { stream: 'construction' }), row('65f0000000000000000000a0', { stream: 'construction' })];
    const merged = [...splitListRows(joinListRows(first.map(encodeListRow))), ...splitListRows(joinListRows(second.map(encodeListRow)))].sort((a, b) => (a.id < b.id ? 1 : -1));
    const decoded = splitListRows(joinListRows(merged)).map(decodeListRow);
    expect(decoded.map((r) => r._id.toHexString())).toEqual(['65f0000000000000000000c3', '65f0000000000000000000c0', '65f0000000000000000000b2', '65f0000000000000000000a1', '65f0000000000000000000a0']);
    expect(plain(decoded.filter((r) => r.stream === 'construction'))).toEqual(plain(second));
  });

  it('refuses a chunk whose last row was cut short, or whose row length is damaged', () => {
    const whole = inflateRawSync(joinListRows(first.map(encodeListRow)));
    expect(() => splitListRows(deflateRawSync(whole.subarray(0, whole.length - 5)))).toThrow(/runs past the chunk/);
    // the first row whole, then not even the next one's id and length
    const firstRow = encodeListRow(first[0]!).bytes.length;
    expect(() => splitListRows(deflateRawSync(whole.subarray(0, firstRow + 10)))).toThrow(/runs past the chunk/);
    // a length that would not move past the row (a damaged chunk): refused, not read forever
    const damaged = Buffer.from(whole);
    damaged.writeInt32LE(-12, 12);
    expect(() => splitListRows(deflateRawSync(damaged))).toThrow(/runs past the chunk/);
  });
});
