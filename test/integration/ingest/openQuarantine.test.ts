/**
 * A stream run's quarantine (src/ingest/openQuarantine.ts): in a stream with no open entry when the run
 * began, a record that passes resolves only an entry the run opened, and a finished file reads its
 * path's entries only when the run opened one there before the version began; a stream with entries
 * open from before resolves them as before.
 */
import { StreamQuarantine } from '../../../src/ingest/openQuarantine';
import { QuarantineModel, quarantineRecords } from '../../../src/model/quarantine';
import { useTestDatabase } from '../../support/mongo';

useTestDatabase(__filename);

const SOURCE = 'medical' as const;
const STREAM = 'ledgers';
const entry = (sourceKey: string, seenAt: Date) => ({ source: SOURCE, stream: STREAM, sourceKey, reason: 'mapping: test', raw: { sourceKey }, seenAt });
const openKeys = async () => (await QuarantineModel.find({ source: SOURCE, stream: STREAM, resolvedAt: null }, { sourceKey: 1 }).lean().exec()).map((e) => e.sourceKey).sort();

beforeEach(async () => {
  await QuarantineModel.deleteMany({}).exec();
});

describe('StreamQuarantine', () => {
  it('resolves an entry the run opened when its record passes later in the run', async () => {
    const run = new StreamQuarantine(SOURCE, STREAM);
    await run.add([entry('a.csv:2', new Date()), entry('a.csv:3', new Date())]);
    await run.passed(['a.csv:1', 'a.csv:2']);
    expect(await openKeys()).toEqual(['a.csv:3']);
  });

  it('resolves entries open from before the run under the keys that pass', async () => {
    await quarantineRecords([entry('old.csv:5', new Date(Date.now() - 60_000))]);
    const run = new StreamQuarantine(SOURCE, STREAM);
    await run.add([entry('b.csv:1', new Date())]);
    await run.passed(['old.csv:5']);
    expect(await openKeys()).toEqual(['b.csv:1']);
  });

  it('a finished file resolves what the run opened under its path before the version began, not what the version re-rejected', async () => {
    const versionStartedAt = new Date();
    const run = new StreamQuarantine(SOURCE, STREAM);
    await run.add([entry('c.csv:4', new Date(versionStartedAt.getTime() - 1000)), entry('c.csv:7', new Date(versionStartedAt.getTime() + 1000)), entry('d.csv:1', new Date(versionStartedAt.getTime() - 1000))]);
    await run.fileFinished('c.csv', versionStartedAt);
    expect(await openKeys()).toEqual(['c.csv:7', 'd.csv:1']);
  });

  it('a finished file resolves entries of its path open from before the run', async () => {
    await quarantineRecords([entry('e.csv', new Date(Date.now() - 60_000)), entry('e.csv:9', new Date(Date.now() - 60_000)), entry('ee.csv:1', new Date(Date.now() - 60_000))]);
    const run = new StreamQuarantine(SOURCE, STREAM);
    await run.fileFinished('e.csv', new Date());
    expect(await openKeys()).toEqual(['ee.csv:1']);
  });
});
