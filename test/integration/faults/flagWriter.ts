/**
 * A flag writer for the outbox fault test (outbox.test.ts), run as a child process with HUB_KILL_AT:
 * `raise <manifestNo>...` raises HW-QTY flags as the engine does (one batch); `resolve <key>` resolves
 * one as a steward. Connects to MONGODB_URI / MONGODB_DB.
 */
import { connectMongo, disconnectMongo } from '../../../src/infra/mongo';
import { actOnFlag, upsertFlags } from '../../../src/reconcile/flags';
import { hwQtyFlag } from '../reconcile/raisedFlags';

async function main([command, ...args]: string[]): Promise<void> {
  await connectMongo(process.env.MONGODB_URI!, process.env.MONGODB_DB!);
  if (command === 'raise') await upsertFlags({ runId: 'outbox-fault' }, args.map((manifestNo) => hwQtyFlag(manifestNo, 1_000_000, 800_000)));
  else if (command === 'resolve')
    await actOnFlag({ keyId: 'steward', label: '市固废办 steward', role: 'ADMIN', agency: 'TASKFORCE' }, args[0]!, { kind: 'RESOLVE', resolution: { kind: 'ACCEPT_SIDE', side: 1, reason: '接收量以过磅单为准' } });
  else throw new Error(`unknown command ${command}`);
  await disconnectMongo();
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
