import { Types } from 'mongoose';
import { FLAG_STATUSES, type Flag, type FlagActor, type FlagStatus } from '../../../src/reconcile/flagModel';
import { escapeRegex, flagQuery } from '../../../src/reconcile/flagQuery';
import {
  evidenceHash,
  flagKey,
  FlagWorkflowError,
  goldenValue,
  planAction,
  planUpsert,
  TRANSITIONS,
  validateRaisedFlag,
  type FlagAction,
} from '../../../src/reconcile/flags';
import { hwQtyFlag } from '../../integration/reconcile/raisedFlags';

const steward: FlagActor = { id: 'k1', label: 'steward@EEB' };
const at = new Date('2026-04-02T09:00:00+08:00');
const raised = hwQtyFlag('HW20260301001', 10_000_000, 9_200_000);

function flagIn(status: FlagStatus, extra: Partial<Flag> = {}): Flag {
  return {
    key: flagKey(raised.rule, raised.subject.key, raised.period),
    rule: raised.rule,
    severity: raised.severity,
    severityRank: 3,
    stream: raised.stream,
    subject: raised.subject,
    period: raised.period,
    evidence: raised.evidence,
    evidenceHash: evidenceHash(raised.evidence),
    status,
    assignee: null,
    comments: [],
    resolution: null,
    history: [],
    firstRaisedAt: at,
    lastSeenAt: at,
    closedByEngineAt: null,
    runIds: ['r1'],
    revision: 0,
    ...extra,
  };
}

function codeOf(work: () => unknown): string | null {
  try {
    work();
    return null;
  } catch (err) {
    if (err instanceof FlagWorkflowError) return err.code;
    throw err;
  }
}

const actions: Record<string, FlagAction> = {
  ACKNOWLEDGE: { kind: 'ACKNOWLEDGE' },
  ASSIGN: { kind: 'ASSIGN', assignee: { id: 'k2', label: 'other steward' } },
  COMMENT: { kind: 'COMMENT', text: 'called the receiver' },
  RESOLVE: { kind: 'RESOLVE', resolution: { kind: 'ACCEPT_SIDE', side: 1, reason: 'weighbridge ticket confirms' } },
  DISMISS: { kind: 'DISMISS', reason: 'moisture loss within the licence' },
  REOPEN: { kind: 'REOPEN', reason: 'new ticket arrived' },
};

describe('flag keys', () => {
  it('are RULE|subject|period and the same for the same flag however its evidence reads', () => {
    expect(flagKey('HW-QTY', 'HW20260301001', '2026-03')).toBe('HW-QTY|HW20260301001|2026-03');
    const other = hwQtyFlag('HW20260301001', 1, 2);
    expect(flagKey(other.rule, other.subject.key, other.period)).toBe(flagKey(raised.rule, raised.subject.key, raised.period));
  });

  it('hash evidence canonically: key order and absent optional fields do not matter, values do', () => {
    const reverse = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).reverse()) as T;
    const reordered = { ...reverse(raised.evidence), sides: raised.evidence.sides.map(reverse) };
    expect(evidenceHash(reordered)).toBe(evidenceHash(raised.evidence));
    const withoutNulls = { ...raised.evidence, differenceGrams: undefined };
    expect(evidenceHash(withoutNulls)).toBe(evidenceHash({ ...raised.evidence, differenceGrams: null }));
    expect(evidenceHash(hwQtyFlag('HW20260301001', 10_000_000, 9_100_000).evidence)).not.toBe(evidenceHash(raised.evidence));
  });

  it('reject malformed raised flags (a rule bug)', () => {
    expect(() => validateRaisedFlag({ ...raised, period: '2026-13' })).toThrow(/period/);
    expect(() => validateRaisedFlag({ ...raised, rule: 'A|B' })).toThrow(/rule id/);
    expect(() => validateRaisedFlag({ ...raised, stream: 'SPACE' as never })).toThrow(/stream/);
    expect(() => validateRaisedFlag(raised)).not.toThrow();
    for (const period of ['2026', '2026Q1', '2026-12']) expect(() => validateRaisedFlag({ ...raised, period })).not.toThrow();
  });
});

describe('transition table', () => {
  // Expected status after each action from each status; CONFLICT where the table refuses.
  const expected: Record<string, Record<FlagStatus, FlagStatus | 'CONFLICT'>> = {
    ACKNOWLEDGE: { OPEN: 'ACKNOWLEDGED', ACKNOWLEDGED: 'CONFLICT', RESOLVED: 'CONFLICT', DISMISSED: 'CONFLICT' },
    ASSIGN: { OPEN: 'OPEN', ACKNOWLEDGED: 'ACKNOWLEDGED', RESOLVED: 'CONFLICT', DISMISSED: 'CONFLICT' },
    COMMENT: { OPEN: 'OPEN', ACKNOWLEDGED: 'ACKNOWLEDGED', RESOLVED: 'RESOLVED', DISMISSED: 'DISMISSED' },
    RESOLVE: { OPEN: 'RESOLVED', ACKNOWLEDGED: 'RESOLVED', RESOLVED: 'CONFLICT', DISMISSED: 'CONFLICT' },
    DISMISS: { OPEN: 'DISMISSED', ACKNOWLEDGED: 'DISMISSED', RESOLVED: 'CONFLICT', DISMISSED: 'CONFLICT' },
    REOPEN: { OPEN: 'CONFLICT', ACKNOWLEDGED: 'CONFLICT', RESOLVED: 'OPEN', DISMISSED: 'OPEN' },
  };
  const cases = Object.entries(expected).flatMap(([action, row]) => FLAG_STATUSES.map((from) => [action, from, row[from]] as const));

  it.each(cases)('%s on a %s flag → %s', (action, from, outcome) => {
    const flag = flagIn(from);
    if (outcome === 'CONFLICT') {
      expect(codeOf(() => planAction(flag, actions[action]!, steward, at))).toBe('CONFLICT');
      return;
    }
    const plan = planAction(flag, actions[action]!, steward, at);
    expect(plan.set.status ?? from).toBe(outcome);
    expect(plan.history).toMatchObject({ at, actor: steward });
    expect(plan.history.to).toBe(TRANSITIONS[action as keyof typeof TRANSITIONS].to);
  });

  it('records from/to, notes and before/after changes in the history entry', () => {
    const ack = planAction(flagIn('OPEN'), { kind: 'ACKNOWLEDGE', note: ' looking ' }, steward, at);
    expect(ack.history).toEqual({ at, actor: steward, action: 'ACKNOWLEDGED', from: 'OPEN', to: 'ACKNOWLEDGED', note: 'looking', changes: null });
    const assign = planAction(flagIn('OPEN'), actions.ASSIGN!, steward, at);
    expect(assign.history.changes).toEqual({ assignee: { from: null, to: { id: 'k2', label: 'other steward' } } });
    const comment = planAction(flagIn('RESOLVED'), actions.COMMENT!, steward, at);
    expect(comment.comment).toMatchObject({ author: steward, text: 'called the receiver', at });
    const previous = planAction(flagIn('OPEN'), actions.DISMISS!, steward, at).set.resolution!;
    const reopen = planAction(flagIn('DISMISSED', { resolution: previous }), actions.REOPEN!, steward, at);
    expect(reopen.set).toEqual({ status: 'OPEN', resolution: null });
    expect(reopen.history.changes).toEqual({ resolution: { from: previous, to: null } });
  });

  it.each<[string, FlagAction]>([
    ['an empty comment', { kind: 'COMMENT', text: '   ' }],
    ['a resolution without a reason', { kind: 'RESOLVE', resolution: { kind: 'ACCEPT_SIDE', side: 0, reason: '' } }],
    ['a side that does not exist', { kind: 'RESOLVE', resolution: { kind: 'ACCEPT_SIDE', side: 2, reason: 'r' } }],
    ['a negative side', { kind: 'RESOLVE', resolution: { kind: 'ACCEPT_SIDE', side: -1, reason: 'r' } }],
    ['a correction with no value', { kind: 'RESOLVE', resolution: { kind: 'CORRECTED_VALUE', reason: 'r' } }],
    ['fractional corrected grams', { kind: 'RESOLVE', resolution: { kind: 'CORRECTED_VALUE', correctedGrams: 1.5, reason: 'r' } }],
    ['a corrected value without unit', { kind: 'RESOLVE', resolution: { kind: 'CORRECTED_VALUE', correctedValue: '3 d', reason: 'r' } }],
    ['a dismissal without a reason', { kind: 'DISMISS', reason: '' }],
    ['a reopen without a reason', { kind: 'REOPEN', reason: ' ' }],
    ['a 5000-character comment', { kind: 'COMMENT', text: 'x'.repeat(5000) }],
  ])('refuses %s with BAD_USER_INPUT', (_what, action) => {
    expect(codeOf(() => planAction(flagIn(action.kind === 'REOPEN' ? 'RESOLVED' : 'OPEN'), action, steward, at))).toBe('BAD_USER_INPUT');
  });
});

describe('golden value', () => {
  const resolve = (action: FlagAction, extra: Partial<Flag> = {}) => {
    const plan = planAction(flagIn('ACKNOWLEDGED'), action, steward, at);
    return goldenValue(flagIn(plan.set.status!, { resolution: plan.set.resolution ?? null, ...extra }));
  };

  it('is the accepted side, with its source', () => {
    expect(resolve(actions.RESOLVE!)).toMatchObject({
      flagKey: 'HW-QTY|HW20260301001|2026-03',
      grams: 9_200_000,
      value: '9.2000',
      unit: 't',
      basis: 'ACCEPT_SIDE',
      source: 'industrial',
      reason: 'weighbridge ticket confirms',
      decidedBy: steward,
      decidedAt: at,
    });
  });

  it('is the corrected mass in grams, or a corrected non-mass value with its unit', () => {
    expect(resolve({ kind: 'RESOLVE', resolution: { kind: 'CORRECTED_VALUE', correctedGrams: 9_950_000, reason: 'ticket re-read' } })).toMatchObject({
      grams: 9_950_000,
      value: '9950000',
      unit: 'g',
      basis: 'CORRECTED_VALUE',
      source: null,
    });
    expect(resolve({ kind: 'RESOLVE', resolution: { kind: 'CORRECTED_VALUE', correctedValue: '2026-03-04T10:00:00+08:00', correctedUnit: 'datetime', reason: 'r' } })).toMatchObject({
      grams: null,
      value: '2026-03-04T10:00:00+08:00',
      unit: 'datetime',
    });
  });

  it('does not exist for open, dismissed or engine-cleared flags', () => {
    expect(goldenValue(flagIn('OPEN'))).toBeNull();
    const dismissal = planAction(flagIn('OPEN'), actions.DISMISS!, steward, at).set.resolution!;
    expect(goldenValue(flagIn('DISMISSED', { resolution: dismissal }))).toBeNull();
    expect(resolve(actions.RESOLVE!, { closedByEngineAt: at })).toBeNull();
  });
});

describe('engine planning (pure)', () => {
  const run = { runId: 'r2', at };
  const stored = (status: FlagStatus, extra: Partial<Flag> = {}) => ({ _id: new Types.ObjectId(), ...flagIn(status, extra) });

  it('inserts a new flag as OPEN with a RAISED entry by the engine', () => {
    const { outcome, op } = planUpsert(raised, null, run);
    expect(outcome).toBe('new');
    expect(op).toMatchObject({
      insertOne: {
        document: {
          key: 'HW-QTY|HW20260301001|2026-03',
          status: 'OPEN',
          history: [{ action: 'RAISED', to: 'OPEN', actor: { id: 'engine', label: 'reconciliation run r2' } }],
          runIds: ['r2'],
        },
      },
    });
  });

  it('writes nothing for an unchanged flag, whatever its status', () => {
    for (const status of FLAG_STATUSES) expect(planUpsert(raised, stored(status), run)).toEqual({ outcome: 'unchanged', op: null });
  });

  it('re-opens a flag a steward acknowledged or closed when its evidence changes; only updates an OPEN one', () => {
    const changed = hwQtyFlag('HW20260301001', 10_000_000, 8_000_000);
    expect(planUpsert(changed, stored('OPEN'), run).outcome).toBe('changed');
    for (const status of ['ACKNOWLEDGED', 'RESOLVED', 'DISMISSED'] as const) expect(planUpsert(changed, stored(status), run).outcome).toBe('reopened');
  });

  it('re-opens an engine-cleared flag raised again, but keeps a steward decision on the same evidence', () => {
    const cleared = { kind: 'CONDITION_CLEARED' as const, reason: 'x', by: steward, at };
    expect(planUpsert(raised, stored('RESOLVED', { closedByEngineAt: at, resolution: cleared }), run).outcome).toBe('reopened');
    const decided = planAction(flagIn('OPEN'), actions.RESOLVE!, steward, at).set.resolution!;
    expect(planUpsert(raised, stored('RESOLVED', { closedByEngineAt: at, resolution: decided }), run).outcome).toBe('changed');
  });

  it('updates severity without re-opening', () => {
    expect(planUpsert({ ...raised, severity: 'CRITICAL' }, stored('ACKNOWLEDGED'), run).outcome).toBe('changed');
  });
});

describe('flag queries', () => {
  it('escapes regex metacharacters so text is matched literally', () => {
    expect(escapeRegex('a.b*(c)|[d]+?^$\\')).toBe('a\\.b\\*\\(c\\)\\|\\[d\\]\\+\\?\\^\\$\\\\');
    expect(new RegExp(escapeRegex('1.5 t (x)')).test('got 1.5 t (x) here')).toBe(true);
    expect(new RegExp(escapeRegex('1.5')).test('105')).toBe(false);
  });

  it('limits to visible streams, validates filter values, and leaves out a facet dimension on request', () => {
    expect(flagQuery({}, ['medical'])).toEqual({ stream: { $in: ['medical'] } });
    expect(flagQuery({ stream: ['industrial'] }, ['medical'])).toEqual({ stream: { $in: [] } });
    expect(codeOf(() => flagQuery({ stream: ['SPACE'] }))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => flagQuery({ period: '2026-3' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => flagQuery({ status: ['LOST' as never] }))).toBe('BAD_USER_INPUT');
    expect(flagQuery({ rule: ['HW-QTY'], status: ['OPEN'] }, undefined, 'status')).toEqual({ rule: { $in: ['HW-QTY'] } });
  });
});
