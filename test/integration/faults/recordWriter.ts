/**
 * A source record writer for the record filings fault test (recordFilings.test.ts), run as a child
 * process with HUB_KILL_AT: `store <json>` stores the records (an array of IncomingSourceRecord, `seenAt`
 * as ISO text) as a sync batch does. Connects to MONGODB_URI / MONGODB_DB.
 */
import { connectMongo, disconnectMongo } from '../../../src/infra/mongo';
import { upsertSourceRecords, type IncomingSourceRecord } from '../../../src/model/sourceRecord';

async function main([command, json]: string[]): Promise<void> {
  await connectMongo(process.env.MONGODB_URI!, process.env.MONGODB_DB!);
  if (command !== 'store') throw new Error(`unknown command ${command}`);
  const records = (JSON.parse(json!) as Array<IncomingSourceRecord & { seenAt?: string }>).map((r) => ({ ...r, ...(r.seenAt ? { seenAt: new Date(r.seenAt) } : {}) }));
  await upsertSourceRecords(records);
  await disconnectMongo();
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
