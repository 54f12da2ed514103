import { Types } from 'mongoose';
import {
  MovementModel,
  SourceRecordModel,
  QuarantineModel,
  canonicalJson,
  massOrThrow,
  payloadHash,
  quarantineRecords,
  resolveQuarantined,
  sourceRecordId,
  upsertSourceRecords,
  type IncomingSourceRecord,
} from '../../../src/model';
import { useTestDatabase } from '../../support/mongo';

useTestDatabase(__filename);

const manifest = (jsl: number | null, zt: string) => ({
  ldbh: '20261003000000000001',
  ycdw: '91110108551385082Q',
  jsdw: '91350100M000100Y43',
  fwdm: '900-041-49',
  fwlb: 'HW49',
  ycl: 12.345,
  jsl,
  zt,
  updatedAt: '2026-10-03T08:00:00+08:00',
});

const record = (payload: ReturnType<typeof manifest>, seenAt: string): IncomingSourceRecord => ({
  source: 'industrial',
  stream: 'hw-manifests',
  sourceId: payload.ldbh,
  payload,
  seenAt: new Date(seenAt),
});

describe('canonical hashing', () => {
  it('ignores key order', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: null, c: 'x' }] })).toBe('{"a":[1,{"c":"x","d":null}],"b":1}');
    expect(payloadHash({ a: 1, b: 2 })).toBe(payloadHash({ b: 2, a: 1 }));
  });
});

describe('upsertSourceRecords', () => {
  it('stores new records, skips unchanged ones, and versions changed ones with history', async () => {
    const first = await upsertSourceRecords([record(manifest(null, '20'), '2026-10-03T09:00:00+08:00')]);
    expect(first).toMatchObject([{ outcome: 'new', version: 1 }]);
    const id = first[0]!.id;

    // a unified document built from it points back to it (provenance)
    const declared = massOrThrow(12.345, 't');
    await MovementModel.create({
      stream: 'industrial',
      kind: 'HW_MANIFEST',
      sourceKey: '20261003000000000001',
      period: '2026-10',
      status: 'IN_TRANSIT',
      statusRaw: '20',
      from: { party: { partyId: null, uscc: '91110108551385082Q', name: null } },
      to: { party: { partyId: null, uscc: '91350100M000100Y43', name: null } },
      wasteCode: '900-041-49',
      hwClass: 'HW49',
      quantities: [{ role: 'DECLARED', ...declared, sourceRecordId: id }],
      sources: [id],
    });

    const again = await upsertSourceRecords([record(manifest(null, '20'), '2026-10-03T10:00:00+08:00')]);
    // vouched for by its fingerprint: no read, no write (so its version is not known)
    expect(again).toMatchObject([{ outcome: 'unchanged', version: null, id }]);
    const untouched = await SourceRecordModel.findById(id).lean().exec();
    expect(untouched?.lastSeenAt).toEqual(new Date('2026-10-03T09:00:00+08:00'));

    // the receiver closes the manifest days later: same record, new version
    const changed = await upsertSourceRecords([record(manifest(12.3, '30'), '2026-10-05T09:00:00+08:00')]);
    expect(changed).toMatchObject([{ outcome: 'changed', version: 2, id }]);
    await MovementModel.updateOne(
      { stream: 'industrial', sourceKey: '20261003000000000001' },
      {
        $set: { status: 'RECEIVED', statusRaw: '30' },
        $push: { quantities: { role: 'RECEIVED', ...massOrThrow(12.3, 't'), sourceRecordId: id } },
      },
    );

    const stored = await SourceRecordModel.findById(id).lean().exec();
    expect(stored).toMatchObject({
      version: 2,
      payload: { jsl: 12.3, zt: '30' },
      firstSeenAt: new Date('2026-10-03T09:00:00+08:00'),
      versionSeenAt: new Date('2026-10-05T09:00:00+08:00'),
    });
    expect(stored?.history).toHaveLength(1);
    expect(stored?.history[0]).toMatchObject({
      version: 1,
      hash: first[0]!.hash,
      payload: { jsl: null, zt: '20' },
      seenAt: new Date('2026-10-03T09:00:00+08:00'),
      supersededAt: new Date('2026-10-05T09:00:00+08:00'),
    });

    const movement = await MovementModel.findOne({ sourceKey: '20261003000000000001' }).lean().exec();
    expect(movement?.sources.map(String)).toEqual([String(id)]);
    expect(movement?.quantities.map((q) => [q.role, q.grams, q.original.value, String(q.sourceRecordId)])).toEqual([
      ['DECLARED', 12_345_000, '12.345', String(id)],
      ['RECEIVED', 12_300_000, '12.3', String(id)],
    ]);
    // the provenance resolves to the record and its full history
    const provenance = await SourceRecordModel.find({ _id: { $in: movement!.sources } }).lean().exec();
    expect(provenance.map((p) => [p.version, p.history.length])).toEqual([[2, 1]]);
  });

  it('handles a mixed batch and folds repeats in order', async () => {
    const a = { source: 'household' as const, stream: 'weigh-tickets', sourceId: 'T-1', payload: { netKg: 100 } };
    const b = { source: 'household' as const, stream: 'weigh-tickets', sourceId: 'T-2', payload: { netKg: 200 } };
    await upsertSourceRecords([a]);
    const results = await upsertSourceRecords([
      a, // unchanged
      b, // new
      { ...b, payload: { netKg: 210 } }, // changed within the batch
      { ...b, payload: { netKg: 210 } }, // repeated page: unchanged
    ]);
    expect(results.map((r) => [r.sourceId, r.outcome, r.version])).toEqual([
      ['T-1', 'unchanged', null],
      ['T-2', 'new', 1],
      ['T-2', 'changed', 2],
      ['T-2', 'unchanged', 2],
    ]);
    const t2 = await SourceRecordModel.findOne({ source: 'household', stream: 'weigh-tickets', sourceId: 'T-2' }).lean().exec();
    expect(t2).toMatchObject({ version: 2, payload: { netKg: 210 }, history: [{ version: 1, payload: { netKg: 200 } }] });
    expect(await upsertSourceRecords([])).toEqual([]);
  });

  it('sees a payload that changes back as a change, and a retried batch compares with the records', async () => {
    const t = (netKg: number) => ({ source: 'household' as const, stream: 'weigh-tickets', sourceId: 'T-7', payload: { netKg } });
    await upsertSourceRecords([t(100)]);
    expect((await upsertSourceRecords([t(120)]))[0]).toMatchObject({ outcome: 'changed', version: 2 });
    // the fingerprint of version 1 went with it: the old payload again is version 3, not "unchanged"
    expect((await upsertSourceRecords([t(100)]))[0]).toMatchObject({ outcome: 'changed', version: 3 });
    expect((await upsertSourceRecords([t(100)]))[0]).toMatchObject({ outcome: 'unchanged' });

    // a crash after the fingerprints were written but before the record: verification stores it
    const lost = { source: 'household' as const, stream: 'weigh-tickets', sourceId: 'T-8', payload: { netKg: 50 } };
    await upsertSourceRecords([lost]);
    await SourceRecordModel.deleteOne({ _id: sourceRecordId(lost) });
    expect((await upsertSourceRecords([lost]))[0]).toMatchObject({ outcome: 'unchanged' });
    expect((await upsertSourceRecords([lost], { verify: true }))[0]).toMatchObject({ outcome: 'new', version: 1 });
    expect(await SourceRecordModel.countDocuments({ sourceId: 'T-8' })).toBe(1);
  });

  it('rejects fractional grams in a unified document', async () => {
    const doc = new MovementModel({
      stream: 'household',
      kind: 'WEIGH_TICKET',
      sourceKey: 'T-9',
      period: '2026-10',
      status: 'CLOSED',
      from: {},
      to: {},
      quantities: [{ role: 'NET', grams: 1.5, original: { value: '0.0015', unit: 'kg' }, sourceRecordId: new Types.ObjectId() }],
    });
    await expect(doc.validate()).rejects.toThrow(/grams must be an integer/);
  });
});

describe('quarantine', () => {
  it('keeps one entry per failing record, counts attempts and resolves', async () => {
    const entry = { source: 'medical' as const, stream: 'ledgers', sourceKey: 'ledgers/X/2026-10.csv#12', reason: 'weight "12,5" is not a decimal number', raw: '2026-10-01,内科,感染性,"12,5"' };
    await quarantineRecords([entry]);
    await quarantineRecords([entry]);
    const stored = await QuarantineModel.findOne({ sourceKey: entry.sourceKey }).lean().exec();
    expect(stored).toMatchObject({ attempts: 2, resolvedAt: null, reason: entry.reason });
    expect(await resolveQuarantined('medical', 'ledgers', [entry.sourceKey])).toBe(1);
  });

  it('inserts new keys, updates known ones (repeats in a batch, re-opened, stored under any _id)', async () => {
    const entry = (sourceKey: string, reason: string) => ({ source: 'household' as const, stream: 'weigh-tickets', sourceKey, reason, raw: { ticketNo: sourceKey } });
    // an entry written before keys derived _ids
    await QuarantineModel.create({ ...entry('T-legacy', 'old reason'), firstSeenAt: new Date('2026-10-01T00:00:00Z'), lastSeenAt: new Date('2026-10-01T00:00:00Z') });
    await quarantineRecords([entry('T-1', 'first'), entry('T-2', 'net weight missing'), entry('T-1', 'second'), entry('T-legacy', 'new reason')]);
    await resolveQuarantined('household', 'weigh-tickets', ['T-2']);
    await quarantineRecords([entry('T-2', 'net weight missing again')]);
    const stored = await QuarantineModel.find({ stream: 'weigh-tickets' }).sort({ sourceKey: 1 }).lean().exec();
    expect(stored.map((q) => [q.sourceKey, q.attempts, q.reason, q.resolvedAt])).toEqual([
      ['T-1', 2, 'second', null],
      ['T-2', 2, 'net weight missing again', null],
      ['T-legacy', 2, 'new reason', null],
    ]);
    expect(stored[2]!.firstSeenAt).toEqual(new Date('2026-10-01T00:00:00Z'));
  });
});
