/**
 * The indexes each collection's queries need, as declared in the schemas and as the server reports
 * them after createIndexes (FerretDB here, MongoDB in production). On FerretDB the non-unique indexes over
 * arrays (`overArray`) are left out: they are not multikey there (src/infra/mongo.ts syncIndexes).
 */
import mongoose from 'mongoose';
import { useTestDatabase } from '../../support/mongo';
import '../../../src/model';
// the collections of the API's other lists (issue #12: each of their queries is index-served)
import '../../../src/reconcile/flagModel';
import '../../../src/reconcile/reconcileRunModel';
import '../../../src/indicators/indicatorValueModel';
import '../../../src/indicators/manualInputModel';
import '../../../src/indicators/prioritySnapshot';
import '../../../src/webhooks/models';
import '../../../jobs/jobRun';

useTestDatabase(__filename);

type IndexKey = Record<string, 1 | -1>;

const EXPECTED: Record<string, Array<{ key: IndexKey; unique?: boolean; overArray?: true }>> = {
  parties: [
    { key: { primaryKey: 1 }, unique: true },
    { key: { uscc: 1 } },
    { key: { identityKeys: 1 }, overArray: true },
    { key: { 'aliases.source': 1, 'aliases.sourceKey': 1 }, overArray: true },
    { key: { normalisedName: 1 } },
    { key: { street: 1, roles: 1 }, overArray: true },
    { key: { status: 1, normalisedName: 1, _id: 1 } },
    { key: { updatedAt: 1 } },
  ],
  facilities: [
    { key: { source: 1, code: 1 }, unique: true },
    { key: { stream: 1, type: 1 } },
    { key: { 'operator.partyId': 1 } },
    { key: { updatedAt: 1 } },
  ],
  projects: [
    { key: { source: 1, projectCode: 1 }, unique: true },
    { key: { 'builder.partyId': 1 } },
    { key: { street: 1 } },
    { key: { updatedAt: 1 } },
  ],
  vehicles: [{ key: { plate: 1 }, unique: true }, { key: { 'hauler.partyId': 1 } }, { key: { updatedAt: 1 } }],
  communities: [{ key: { source: 1, communityId: 1 }, unique: true }, { key: { street: 1, name: 1 } }],
  movements: [
    { key: { stream: 1, sourceKey: 1 }, unique: true },
    { key: { period: 1, stream: 1, category: 1 } },
    { key: { 'from.party.partyId': 1, period: -1, _id: -1 } },
    { key: { 'to.party.partyId': 1, period: -1, _id: -1 } },
    { key: { 'carrier.partyId': 1, period: -1, _id: -1 } },
    { key: { 'to.facilityId': 1, period: 1 } },
    { key: { 'from.projectId': 1 } },
    { key: { stream: 1, status: 1, departedAt: 1 } },
    { key: { 'vehicle.plate': 1, departedAt: 1 } },
    { key: { sources: 1 }, overArray: true },
    { key: { updatedAt: 1 } },
    { key: { period: 1, updatedAt: 1 } },
    { key: { period: 1, stream: 1, 'quantities.at': 1 }, overArray: true },
    // the API's movements list, newest first per stream
    { key: { stream: 1, period: -1, _id: -1 } },
    { key: { period: -1, _id: -1 } },
  ],
  periodreports: [
    { key: { source: 1, kind: 1, reportKey: 1 }, unique: true },
    { key: { 'party.partyId': 1, period: -1, _id: -1 } },
    { key: { months: 1, kind: 1, category: 1 }, overArray: true },
    { key: { 'party.uscc': 1, kind: 1 } },
    { key: { periodKind: 1, period: 1 } },
    { key: { sources: 1 }, overArray: true },
    { key: { updatedAt: 1 } },
    { key: { months: 1, updatedAt: 1 }, overArray: true },
  ],
  sourcerecords: [
    { key: { source: 1, stream: 1, sourceId: 1 }, unique: true },
    { key: { source: 1, stream: 1, versionSeenAt: 1 } },
    // medical handovers are rebuilt per manifest; corrected files retire their previous version's rows
    { key: { source: 1, groupKey: 1 } },
    { key: { source: 1, stream: 1, 'file.path': 1, retiredAt: 1, 'file.sha256': 1 } },
    { key: { source: 1, stream: 1, retiredAt: 1, groupKey: 1, _id: 1 } },
  ],
  // the completeness calendar's aggregate: a kind's period (report periods recomputed), a reporter's first filing
  filings: [{ key: { kind: 1, period: 1 } }, { key: { kind: 1, reporterKey: 1, period: 1 } }, { key: { sources: 1 }, overArray: true }],
  filingreporters: [{ key: { kind: 1, reporterKey: 1 } }],
  // one document, read and written by _id only
  filingstate: [],
  // pending report periods: a few dozen, read whole and removed by `_id` (src/model/filing.ts)
  reportperiodspending: [],
  // a retired record's fingerprints are dropped
  sourcefingerprints: [{ key: { recordId: 1 } }],
  quarantine: [
    { key: { source: 1, stream: 1, sourceKey: 1 }, unique: true },
    // the quarantine list: open or resolved, per source or stream, newest first
    { key: { resolvedAt: 1, source: 1, lastSeenAt: -1, _id: -1 } },
    { key: { source: 1, lastSeenAt: -1, _id: -1 } },
    { key: { source: 1, stream: 1, lastSeenAt: -1, _id: -1 } },
    { key: { source: 1, stream: 1, resolvedAt: 1, lastSeenAt: -1, _id: -1 } },
  ],
  syncruns: [
    { key: { connector: 1, stream: 1, startedAt: -1, _id: -1 } },
    { key: { connector: 1, startedAt: -1, _id: -1 } },
    { key: { connector: 1, status: 1 } },
    { key: { status: 1, startedAt: -1 } },
    { key: { connector: 1, stream: 1, status: 1, seenAt: 1, startedAt: 1 } },
  ],
  syncstates: [{ key: { source: 1 } }],
  storejournal: [{ key: { scope: 1 } }],
  // one document per stream, read and written by _id only
  streamstats: [],
  // movement lists: a document per stream and per (stream, month), read and written by _id only
  movementlists: [],
  movementlistchunks: [],
  // the dashboard's kept priority values: a document per area and the revision, read and written by _id only
  prioritysnapshots: [],
  referenceitems: [{ key: { table: 1, code: 1, version: 1 }, unique: true }, { key: { table: 1, validFrom: 1 } }],
  resolutioncases: [
    { key: { caseKey: 1 }, unique: true },
    { key: { status: 1, openedAt: 1, _id: 1 } },
    { key: { openedAt: 1, _id: 1 } },
    { key: { 'evidence.source': 1, openedAt: 1, _id: 1 } },
    { key: { kind: 1, openedAt: 1, _id: 1 } },
    { key: { decidedAt: 1 } },
    { key: { subjectPartyId: 1, openedAt: 1, _id: 1 } },
    { key: { candidatePartyIds: 1, openedAt: 1, _id: 1 }, overArray: true },
  ],
  flags: [
    { key: { key: 1 }, unique: true },
    { key: { severityRank: -1, _id: -1 } },
    { key: { stream: 1, severityRank: -1, _id: -1 } },
    { key: { period: 1, severityRank: -1, _id: -1 } },
    { key: { period: 1, stream: 1, severityRank: -1, _id: -1 } },
    { key: { 'subject.partyUscc': 1, severityRank: -1, _id: -1 } },
    { key: { period: 1, key: 1 } },
    { key: { 'subject.street': 1 } },
    { key: { 'assignee.id': 1, status: 1 } },
  ],
  reconcileruns: [{ key: { runId: 1 }, unique: true }, { key: { startedAt: -1, _id: -1 } }, { key: { status: 1, startedAt: -1 } }],
  indicatorValues: [
    { key: { code: 1, period: 1, area: 1, version: 1 }, unique: true },
    { key: { area: 1, current: 1, period: 1, code: 1 } },
    { key: { code: 1, area: 1, periodKind: 1, current: 1, period: -1 } },
    { key: { period: 1, version: 1, area: 1, code: 1 } },
    { key: { period: 1, current: 1, version: 1 } },
  ],
  manualIndicatorInputs: [{ key: { code: 1, period: 1, area: 1, at: -1, _id: -1 } }, { key: { period: 1, at: -1, _id: -1 } }],
  webhookEvents: [{ key: { eventId: 1 }, unique: true }, { key: { dispatchedAt: 1, _id: 1 } }],
  webhookSubscriptions: [{ key: { keyId: 1, deletedAt: 1, _id: -1 } }, { key: { deletedAt: 1, _id: -1 } }],
  webhookDeliveries: [
    { key: { subscriptionId: 1, eventId: 1 }, unique: true },
    { key: { keyId: 1, _id: -1 } },
    { key: { subscriptionId: 1, _id: -1 } },
    { key: { eventId: 1 } },
  ],
  jobRuns: [
    { key: { jobId: 1 }, unique: true },
    { key: { queuedAt: -1, _id: -1 } },
    { key: { kind: 1, queuedAt: -1, _id: -1 } },
    { key: { status: 1, queuedAt: -1, _id: -1 } },
    { key: { origin: 1, queuedAt: -1, _id: -1 } },
    { key: { requestedBy: 1, queuedAt: -1, _id: -1 } },
  ],
  resolutiondecisions: [{ key: { subjectKey: 1, decidedAt: -1, _id: -1 } }, { key: { candidateKey: 1 } }, { key: { caseId: 1, decidedAt: 1, _id: 1 } }],
};

function describeIndex(index: { key: IndexKey; unique?: boolean }): string {
  return `${JSON.stringify(index.key)}${index.unique ? ' unique' : ''}`;
}

describe('declared indexes', () => {
  it('covers every collection src/model and the lists above register', () => {
    const registered = Object.values(mongoose.models).map((m) => m.collection.collectionName);
    expect(registered.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s has exactly its declared indexes on the server', async (collection, expected) => {
    const listed = (await mongoose.connection.db!.collection(collection).listIndexes().toArray()) as Array<{
      name: string;
      key: IndexKey;
      unique?: boolean;
    }>;
    const actual = listed
      .filter((i) => i.name !== '_id_')
      .map((i) => describeIndex({ key: i.key, unique: i.unique === true }))
      .sort();
    const info = await mongoose.connection.db!.admin().command({ buildInfo: 1 });
    const ferretdb = 'ferretdbVersion' in info || 'ferretdb' in info;
    expect(actual).toEqual(expected.filter((i) => !(ferretdb && i.overArray)).map(describeIndex).sort());
  });
});
