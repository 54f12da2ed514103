/**
 * Rule tolerances as versioned data through the API: ADMINs read and change them, each change a new
 * version with its effective month, reason and author; bad input and other roles change nothing; a
 * reconciliation run records the version each period was reconciled under.
 */
import { closeRedis } from '../../../src/infra/redis';
import { runReconciliation } from '../../../src/reconcile/engine';
import { RuleSetVersionModel } from '../../../src/reconcile/ruleSetVersionModel';
import { loadRuleSetVersions, ruleSetFor } from '../../../src/reconcile/tolerances';
import { ChangeRuleSettingsDocument, RuleSetInForceDocument, RuleSetVersionsDocument } from '../../graphql/generated';
import { errorCodes, startTestApi, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';

useTestDatabase(__filename);

let api: TestApi;
let admin = '';
beforeAll(async () => {
  api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '100000' });
  admin = await api.keyFor('ADMIN');
});
afterAll(async () => {
  await api.close();
  await closeRedis();
});

const change = (effectiveFrom: string, changes: { rule: string; tolerance?: number; severity?: 'LOW' | 'HIGH' }[], reason = '与税务局商定') => ({ input: { effectiveFrom, changes, reason } });

describe('rule tolerances as versioned data', () => {
  it('lists the code version with every rule', async () => {
    const response = await api.request(RuleSetVersionsDocument, {}, admin);
    expect(response.errors).toBeUndefined();
    expect(response.data!.ruleSetVersions).toHaveLength(1);
    expect(response.data!.ruleSetVersions[0]).toMatchObject({ version: '2026.1', origin: 'CODE', createdBy: null });
    expect(response.data!.ruleSetVersions[0]!.rules.find((r) => r.rule === 'HW-QTY')).toEqual({ rule: 'HW-QTY', tolerance: 5, severity: 'HIGH' });
  });

  it('refuses bad input and non-admins, storing nothing', async () => {
    const steward = await api.keyFor('STEWARD', 'EEB');
    const attempts: Array<[string, string, ReturnType<typeof change>, string]> = [
      ['steward', steward, change('2026-04-01', [{ rule: 'HW-QTY', tolerance: 8 }]), 'FORBIDDEN'],
      ['unknown rule', admin, change('2026-04-01', [{ rule: 'HW-NOPE', tolerance: 8 }]), 'BAD_USER_INPUT'],
      ['negative tolerance', admin, change('2026-04-01', [{ rule: 'HW-QTY', tolerance: -1 }]), 'BAD_USER_INPUT'],
      ['mid-month date', admin, change('2026-04-15', [{ rule: 'HW-QTY', tolerance: 8 }]), 'BAD_USER_INPUT'],
      ['no change', admin, change('2026-04-01', []), 'BAD_USER_INPUT'],
      ['empty reason', admin, change('2026-04-01', [{ rule: 'HW-QTY', tolerance: 8 }], ' '), 'BAD_USER_INPUT'],
    ];
    for (const [what, key, variables, code] of attempts) {
      expect([what, errorCodes(await api.request(ChangeRuleSettingsDocument, variables, key))]).toEqual([what, [code]]);
    }
    expect(await RuleSetVersionModel.countDocuments()).toBe(0);
    expect(errorCodes(await api.request(RuleSetVersionsDocument, {}, steward))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await api.request(RuleSetInForceDocument, { period: '2026-13' }, admin))).toEqual(['BAD_USER_INPUT']);
  });

  it('makes each change a new version from its month, with author and reason; runs record it', async () => {
    const first = await api.request(ChangeRuleSettingsDocument, change('2026-04-01', [{ rule: 'HW-QTY', tolerance: 8, severity: 'LOW' }], '危废转移计量误差放宽至 8%'), admin);
    expect(first.errors).toBeUndefined();
    expect(first.data!.changeRuleSettings).toMatchObject({ version: '2026.2', effectiveFrom: '2026-04-01', origin: 'API', note: '危废转移计量误差放宽至 8%', createdBy: 'admin@TASKFORCE' });
    expect(first.data!.changeRuleSettings.rules.find((r) => r.rule === 'HW-QTY')).toEqual({ rule: 'HW-QTY', tolerance: 8, severity: 'LOW' });
    // a second change builds on the first: HW-QTY keeps 8 %, CDW-WEIGHT changes
    const second = await api.request(ChangeRuleSettingsDocument, change('2026-06-01', [{ rule: 'CDW-WEIGHT', tolerance: 3 }]), admin);
    expect(second.data!.changeRuleSettings.version).toBe('2026.3');
    const rules = new Map(second.data!.changeRuleSettings.rules.map((r) => [r.rule, r]));
    expect([rules.get('HW-QTY')!.tolerance, rules.get('CDW-WEIGHT')!.tolerance]).toEqual([8, 3]);

    const inForce = async (period: string) => (await api.request(RuleSetInForceDocument, { period }, admin)).data!.ruleSetInForce.version;
    expect([await inForce('2026-03'), await inForce('2026-04'), await inForce('2026Q2'), await inForce('2026-06'), await inForce('2027')]).toEqual(['2026.1', '2026.2', '2026.2', '2026.3', '2026.3']);
    expect(ruleSetFor('2026-05', {}, await loadRuleSetVersions()).settings['HW-QTY']).toEqual({ tolerance: 8, severity: 'LOW' });

    const run = await runReconciliation({ periods: ['2026-03', '2026-04', '2026-06'], full: true, actor: 'test' });
    // months, and the quarters and year the quarterly and annual rules key by, each under its version
    const used = new Map(run.ruleSetVersions.map((v) => [v.period, v.version]));
    expect([used.get('2026-03'), used.get('2026-04'), used.get('2026-06'), used.get('2026Q2'), used.get('2026')]).toEqual(['2026.1', '2026.2', '2026.3', '2026.2', '2026.1']);
    expect(run.ruleSetVersion.split(',').sort()).toEqual(['2026.1', '2026.2', '2026.3']);
  });
});
