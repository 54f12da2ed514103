/** The index-shape rule (test/support/indexShapes.ts) on a table of filters, sorts and indexes. */
import { servingIndex, shapesOf, type DeclaredIndex } from '../../support/indexShapes';

const index = (keys: Record<string, 1 | -1>, unique = false): DeclaredIndex => ({ keys: Object.entries(keys), unique });
const MOVEMENTS = [index({ stream: 1, sourceKey: 1 }, true), index({ period: 1, stream: 1, category: 1 }), index({ stream: 1, status: 1, departedAt: 1 }), index({ 'from.party.partyId': 1, period: 1 })];

describe('shapesOf', () => {
  it.each([
    ['values and $in are equality, operators range', { a: 1, b: { $in: [1, 2] }, c: { $gte: 3 }, d: null }, [{ equality: ['a', 'b', 'd'], range: ['c'], sort: [] }]],
    ['$and merges', { $and: [{ a: 1 }, { b: { $ne: 2 } }] }, [{ equality: ['a'], range: ['b'], sort: [] }]],
    ['$or is one shape per branch', { s: 1, $or: [{ a: 1 }, { b: 2 }] }, [{ equality: ['a', 's'], range: [], sort: [] }, { equality: ['b', 's'], range: [], sort: [] }]],
    ['a date or an id is a value', { at: new Date(0), id: { _bsontype: 'ObjectId' } }, [{ equality: ['at', 'id'], range: [], sort: [] }]],
  ])('%s', (_label, filter, expected) => {
    expect(shapesOf(filter as Record<string, unknown>)).toEqual(expected);
  });

  it('drops a sort on a field matched by equality', () => {
    expect(shapesOf({ a: 1 }, { a: 1, b: -1 })).toEqual([{ equality: ['a'], range: [], sort: [['b', -1]] }]);
  });

  it('reads a sort the driver sent as a Map, in its order', () => {
    expect(shapesOf({}, new Map([['period', -1], ['_id', -1]]))).toEqual([{ equality: [], range: [], sort: [['period', -1], ['_id', -1]] }]);
  });
});

describe('servingIndex', () => {
  const served = (filter: Record<string, unknown>, sort: Record<string, number> | null = null) => shapesOf(filter, sort).every((shape) => servingIndex(MOVEMENTS, shape) !== null);
  it.each([
    ['equality on a prefix', { period: '2026-10' }, null, true],
    ['equality in any order', { stream: 'x', period: { $in: ['a'] } }, null, true],
    ['equality then range', { stream: 'x', status: 'A', departedAt: { $gte: 1 } }, null, true],
    ['equality then sort', { stream: 'x', status: 'A' }, { departedAt: -1 }, true],
    ['a field the index does not hold', { period: 'p', kind: 'K' }, null, false],
    ['a range before the sort', { stream: 'x', status: { $ne: 'A' } }, { departedAt: 1 }, false],
    ['sort on a field out of the prefix', { period: 'p' }, { departedAt: 1 }, false],
    ['a unique key fully matched, with more', { stream: 'x', sourceKey: 'k', version: 3 }, null, true],
    ['_id with more', { _id: 1, version: 2 }, null, true],
    ['nothing to match reads everything', {}, null, false],
    ['every $or branch must be served', { $or: [{ 'from.party.partyId': 1 }, { 'to.party.partyId': 1 }] }, null, false],
    ['a sort on `_id` alone, by the `_id` index', { _id: { $lt: 1 } }, { _id: -1 }, true],
  ])('%s', (_label, filter, sort, expected) => {
    expect(served(filter as Record<string, unknown>, sort)).toBe(expected);
  });

  it('serves a page after a cursor (a range on the sort fields) from an index ending with them', () => {
    const page = { connector: 'x', $or: [{ startedAt: { $lt: 5 } }, { startedAt: 5, _id: { $lt: 1 } }] };
    const shapes = shapesOf(page, { startedAt: -1, _id: -1 });
    expect(shapes.every((shape) => servingIndex([index({ connector: 1, startedAt: -1, _id: -1 })], shape))).toBe(true);
    expect(shapes.every((shape) => servingIndex([index({ connector: 1, startedAt: -1 })], shape))).toBe(false);
  });
});

describe('servingIndex with optional list filters (residual fields)', () => {
  const LIST = [index({ stream: 1, period: -1, _id: -1 }), index({ kind: 1, period: -1 })];
  const served = (filter: Record<string, unknown>, sort: Record<string, number> | null = null) =>
    shapesOf(filter, sort).every((shape) => servingIndex(LIST, shape, ['kind', 'status']) !== null);
  it.each([
    ['filtered while the scope index walks', { stream: 'x', status: 'A' }, { period: -1, _id: -1 }, true],
    ['matched by an index that holds it', { kind: 'K' }, null, true],
    ['a required field the index does not lead with', { period: 'p', status: 'A' }, null, false],
    ['nothing but residual fields, and no index leads with one: a whole walk', { status: 'A' }, null, false],
  ])('%s', (_label, filter, sort, expected) => {
    expect(served(filter as Record<string, unknown>, sort)).toBe(expected);
  });
});

