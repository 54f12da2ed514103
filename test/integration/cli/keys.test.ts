import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ApiKeyModel } from '../../../src/auth/apiKey';
import { hashSecret, verifyApiKey } from '../../../src/auth/keys';
import { testDatabaseName, useTestDatabase } from '../../support/mongo';

useTestDatabase(__filename);

const run = promisify(execFile);
const root = join(__dirname, '..', '..', '..');
const hub = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  run(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'src', 'cli.ts'), ...args], {
    cwd: root,
    env: { ...process.env, MONGODB_DB: testDatabaseName(__filename), LOG_LEVEL: 'silent', ...env },
  });

describe('hub keys create', () => {
  it('prints a key that works, stored only as its hash', async () => {
    const { stdout } = await hub(['keys', 'create', '--role', 'STEWARD', '--agency', 'HHC', '--label', 'medical steward']);
    const key = stdout.trim();
    expect(key).toMatch(/^zwh_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    const caller = await verifyApiKey(key);
    expect(caller).toMatchObject({ role: 'STEWARD', agency: 'HHC', label: 'medical steward' });
    const stored = await ApiKeyModel.findOne({ keyId: caller!.keyId }).lean();
    expect(stored?.secretHash).toBe(hashSecret(key.slice(`zwh_${caller!.keyId}_`.length)));
  });

  it('refuses an unknown role or agency with a clear message', async () => {
    await expect(hub(['keys', 'create', '--role', 'KING', '--agency', 'HHC'])).rejects.toMatchObject({ stderr: expect.stringContaining("Allowed choices are ADMIN, STEWARD, ANALYST, PARTNER") });
    await expect(hub(['keys', 'create', '--role', 'ADMIN', '--agency', 'NASA'])).rejects.toMatchObject({ stderr: expect.stringContaining('Allowed choices are EEB') });
  });

  it('stops with the variable named when the configuration is bad', async () => {
    await expect(hub(['keys', 'create', '--role', 'ADMIN', '--agency', 'EEB'], { PORT: 'eighty' })).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('PORT') });
  });
});
