/**
 * The flag workflow (DESIGN §4, §7): a pure transition table that plans every change, and a thin
 * persistence shell around it. Two writers use it:
 * - the reconciliation engine, through `upsertFlags` (raise / update / re-open) and `closeMissing`
 *   (auto-close what a run no longer raises);
 * - stewards, through `actOnFlags` (acknowledge, assign, comment, resolve, dismiss, reopen), which is
 *   the single entry point of every flag mutation and so the one place a caller's stream scope is
 *   checked against the flag's stream (roles themselves are checked by `@auth` in the SDL).
 * Every write appends a history entry with its actor and time; nothing in the history is rewritten.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { AnyBulkWriteOperation } from 'mongoose';
import { Types } from 'mongoose';
import { canonicalJson } from '../model/common';
import { bulkWriteInChunks, type BulkCounts } from '../store/writes';
import { beginFlagCountsWrite, ensureFlagCounts, flagCountDelta, unvouchFlagCounts, type FlagCountDelta, type FlagCountsWrite } from './flagCounts';
import { findByIds } from '../store/reads';
import { flagEvent, flagTransitionEvent, type HubEvent } from '../webhooks/events';
import { recordFlagEvents, type FlagWriteEvent, type PendingFlagEvents } from '../webhooks/outbox';
import { ApiKeyModel } from '../auth/apiKey';
import { agencyScope, mayActOnStream, STREAMS, type Caller, type Role, type Stream } from '../auth/roles';
import {
  FLAG_SEVERITIES,
  FLAG_STATUSES,
  FlagModel,
  PERIOD_PATTERN,
  SUBJECT_KINDS,
  type Flag,
  type FlagActor,
  type FlagComment,
  type FlagEvidence,
  type FlagHistoryEntry,
  type FlagRecord,
  type FlagResolution,
  type FlagSeverity,
  type FlagStatus,
  type FlagSubject,
  type HistoryAction,
} from './flagModel';
import { CodedError } from '../errors';

// ---------------------------------------------------------------------------------------------------
// Keys, hashes, actors

/** The deterministic key: the same rule, subject and period always name the same flag. */
export function flagKey(rule: string, subjectKey: string, period: string): string {
  return `${rule}|${subjectKey}|${period}`;
}

/** What "the underlying data changed" means: a different hash of the evidence a rule reported. */
export function evidenceHash(evidence: FlagEvidence): string {
  return createHash('sha256').update(canonicalJson(normaliseEvidence(evidence), { omitNulls: true })).digest('hex');
}

/** Optional fields stored as null; normalised before hashing so a stored flag hashes like the raised one. */
function normaliseEvidence(evidence: FlagEvidence): FlagEvidence {
  return {
    sides: evidence.sides.map((s) => ({
      source: s.source,
      stream: s.stream,
      label: s.label,
      value: s.value,
      unit: s.unit,
      grams: s.grams ?? null,
      sourceRecordIds: [...s.sourceRecordIds],
      payloadRef: s.payloadRef ?? null,
    })),
    difference: evidence.difference,
    differenceGrams: evidence.differenceGrams ?? null,
    tolerance: evidence.tolerance,
    message: evidence.message,
  };
}

function normaliseSubject(subject: FlagSubject): FlagSubject {
  return {
    kind: subject.kind,
    key: subject.key,
    label: subject.label ?? null,
    partyUscc: subject.partyUscc ?? null,
    street: subject.street ?? null,
  };
}

export const ENGINE_ACTOR_ID = 'engine';

export function engineActor(runId: string): FlagActor {
  return { id: ENGINE_ACTOR_ID, label: `reconciliation run ${runId}` };
}

export function callerActor(caller: Caller): FlagActor {
  return { id: caller.keyId, label: caller.label };
}

export function severityRank(severity: FlagSeverity): number {
  return FLAG_SEVERITIES.indexOf(severity);
}

// ---------------------------------------------------------------------------------------------------
// Errors

export type FlagErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'BAD_USER_INPUT';

/** A refused flag action; the API maps `code` to its error code one to one. */
export class FlagWorkflowError extends CodedError {
  constructor(
    readonly code: FlagErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const badInput = (message: string) => new FlagWorkflowError('BAD_USER_INPUT', message);

// ---------------------------------------------------------------------------------------------------
// The transition table (pure)

export const FLAG_ACTIONS = ['ACKNOWLEDGE', 'ASSIGN', 'COMMENT', 'RESOLVE', 'DISMISS', 'REOPEN', 'ESCALATE'] as const;
export type FlagActionKind = (typeof FLAG_ACTIONS)[number];

/**
 * Which statuses each steward action accepts and where it leads (`to: null` keeps the status).
 * A closed flag (RESOLVED / DISMISSED) only takes comments until it is reopened, so a decision is never
 * overwritten silently; the engine re-opens flags itself when their data changes.
 */
export const TRANSITIONS: Readonly<Record<FlagActionKind, { from: readonly FlagStatus[]; to: FlagStatus | null }>> = {
  ACKNOWLEDGE: { from: ['OPEN'], to: 'ACKNOWLEDGED' },
  ASSIGN: { from: ['OPEN', 'ACKNOWLEDGED'], to: null },
  COMMENT: { from: FLAG_STATUSES, to: null },
  RESOLVE: { from: ['OPEN', 'ACKNOWLEDGED'], to: 'RESOLVED' },
  DISMISS: { from: ['OPEN', 'ACKNOWLEDGED'], to: 'DISMISSED' },
  REOPEN: { from: ['RESOLVED', 'DISMISSED'], to: 'OPEN' },
  // handing a flag to another agency leaves its status: that agency's stewards take it from there
  ESCALATE: { from: ['OPEN', 'ACKNOWLEDGED'], to: null },
};

const HISTORY_OF: Record<FlagActionKind, HistoryAction> = {
  ACKNOWLEDGE: 'ACKNOWLEDGED',
  ASSIGN: 'ASSIGNED',
  COMMENT: 'COMMENTED',
  RESOLVE: 'RESOLVED',
  DISMISS: 'DISMISSED',
  REOPEN: 'REOPENED',
  ESCALATE: 'ESCALATED',
};

/** A steward's resolution: accept one side of the evidence, or state the corrected value. */
export type ResolveInput =
  | { kind: 'ACCEPT_SIDE'; side: number; reason: string }
  | { kind: 'CORRECTED_VALUE'; correctedGrams?: number | null; correctedValue?: string | null; correctedUnit?: string | null; reason: string };

/** An action as a steward asks for it (ASSIGN names an API key; the shell turns it into an actor). */
export type FlagActionRequest =
  | { kind: 'ACKNOWLEDGE'; note?: string | null }
  | { kind: 'ASSIGN'; assigneeKeyId: string | null }
  | { kind: 'COMMENT'; text: string }
  | { kind: 'RESOLVE'; resolution: ResolveInput }
  | { kind: 'DISMISS'; reason: string }
  | { kind: 'REOPEN'; reason: string }
  | { kind: 'ESCALATE'; agency: string; reason: string };

/** The same action with references resolved: what the pure planner takes. */
export type FlagAction = Exclude<FlagActionRequest, { kind: 'ASSIGN' }> | { kind: 'ASSIGN'; assignee: FlagActor | null };

/** What one action writes: fields to set, one history entry, and possibly one comment. */
export interface PlannedChange {
  set: Partial<Pick<Flag, 'status' | 'assignee' | 'resolution' | 'escalatedTo'>>;
  history: FlagHistoryEntry;
  comment?: FlagComment;
}

const MAX_TEXT = 4000;

function requiredText(value: string | null | undefined, what: string): string {
  const text = (value ?? '').trim();
  if (!text) throw badInput(`${what} must not be empty`);
  if (text.length > MAX_TEXT) throw badInput(`${what} is longer than ${MAX_TEXT} characters`);
  return text;
}

function optionalText(value: string | null | undefined, what: string): string | null {
  const text = (value ?? '').trim();
  if (!text) return null;
  return requiredText(text, what);
}

function resolutionOf(flag: Pick<Flag, 'evidence'>, input: ResolveInput, actor: FlagActor, at: Date): FlagResolution {
  const reason = requiredText(input.reason, 'reason');
  if (input.kind === 'ACCEPT_SIDE') {
    const count = flag.evidence.sides.length;
    if (!Number.isInteger(input.side) || input.side < 0 || input.side >= count) {
      throw badInput(`side must be the index of one of the flag's ${count} evidence sides (0…${count - 1}); got ${input.side}`);
    }
    return { kind: 'ACCEPT_SIDE', side: input.side, correctedGrams: null, correctedValue: null, correctedUnit: null, reason, by: actor, at };
  }
  const grams = input.correctedGrams ?? null;
  if (grams !== null && (!Number.isSafeInteger(grams) || grams < 0)) {
    throw badInput(`correctedGrams must be a non-negative whole number of grams; got ${grams}`);
  }
  const value = optionalText(input.correctedValue, 'correctedValue');
  if (grams === null && value === null) throw badInput('a CORRECTED_VALUE resolution needs correctedGrams or correctedValue');
  const unit = optionalText(input.correctedUnit, 'correctedUnit');
  if (value !== null && unit === null) throw badInput('correctedValue needs correctedUnit');
  return { kind: 'CORRECTED_VALUE', side: null, correctedGrams: grams, correctedValue: value, correctedUnit: unit, reason, by: actor, at };
}

/**
 * Plans one steward action on a flag, or refuses it: BAD_USER_INPUT for a malformed request, CONFLICT
 * when the flag's status does not allow the action. Pure: the caller persists the plan.
 */
export function planAction(flag: Pick<Flag, 'status' | 'assignee' | 'resolution' | 'evidence' | 'escalatedTo'>, action: FlagAction, actor: FlagActor, at: Date): PlannedChange {
  const rule = TRANSITIONS[action.kind];
  const entry = (note: string | null, extra: Partial<FlagHistoryEntry> = {}): FlagHistoryEntry => ({
    at,
    actor,
    action: HISTORY_OF[action.kind],
    from: rule.to ? flag.status : null,
    to: rule.to,
    note,
    changes: null,
    ...extra,
  });
  // Input first: a malformed request is wrong whatever the flag's status.
  let planned: PlannedChange;
  switch (action.kind) {
    case 'ACKNOWLEDGE':
      planned = { set: { status: 'ACKNOWLEDGED' }, history: entry(optionalText(action.note, 'note')) };
      break;
    case 'ASSIGN':
      planned = {
        set: { assignee: action.assignee },
        history: entry(null, { changes: { assignee: { from: flag.assignee ?? null, to: action.assignee } } }),
      };
      break;
    case 'COMMENT': {
      const text = requiredText(action.text, 'comment');
      planned = { set: {}, history: entry(text), comment: { id: randomUUID(), at, author: actor, text } };
      break;
    }
    case 'RESOLVE': {
      const resolution = resolutionOf(flag, action.resolution, actor, at);
      planned = { set: { status: 'RESOLVED', resolution }, history: entry(resolution.reason, { changes: { resolution } }) };
      break;
    }
    case 'DISMISS': {
      const reason = requiredText(action.reason, 'reason');
      const resolution: FlagResolution = { kind: 'DISMISSED', side: null, correctedGrams: null, correctedValue: null, correctedUnit: null, reason, by: actor, at };
      planned = { set: { status: 'DISMISSED', resolution }, history: entry(reason, { changes: { resolution } }) };
      break;
    }
    case 'REOPEN': {
      const reason = requiredText(action.reason, 'reason');
      // The previous decision stays readable in this entry; the flag itself carries no resolution while open.
      planned = { set: { status: 'OPEN', resolution: null }, history: entry(reason, { changes: { resolution: { from: flag.resolution ?? null, to: null } } }) };
      break;
    }
    case 'ESCALATE': {
      const reason = requiredText(action.reason, 'reason');
      if (!agencyScope(action.agency)) throw badInput(`unknown agency "${action.agency}"`);
      const before = flag.escalatedTo ?? [];
      if (before.includes(action.agency)) throw new FlagWorkflowError('CONFLICT', `the flag is already escalated to ${action.agency}`);
      const escalatedTo = [...before, action.agency];
      planned = { set: { escalatedTo }, history: entry(reason, { changes: { escalatedTo: { from: before, to: escalatedTo } } }) };
      break;
    }
  }
  if (!rule.from.includes(flag.status)) {
    const allowed = rule.from.join(' or ');
    throw new FlagWorkflowError('CONFLICT', `cannot ${action.kind.toLowerCase()} a ${flag.status} flag (only ${allowed}${action.kind === 'REOPEN' ? '' : '; reopen it first'})`);
  }
  return planned;
}

// ---------------------------------------------------------------------------------------------------
// Golden values

export interface GoldenValue {
  flagKey: string;
  rule: string;
  subject: FlagSubject;
  period: string;
  /** integer grams when the decided value is a mass */
  grams: number | null;
  value: string;
  unit: string;
  basis: 'ACCEPT_SIDE' | 'CORRECTED_VALUE';
  /** the accepted side's source, or null for a corrected value */
  source: string | null;
  reason: string;
  decidedBy: FlagActor;
  decidedAt: Date;
}

/**
 * The value downstream indicators use instead of the disagreeing sources: only a flag a steward
 * RESOLVED by accepting a side or correcting the value has one, and only while its rule still raises it
 * (once the data itself agrees, the data is used).
 */
export function goldenValue(flag: Pick<Flag, 'key' | 'rule' | 'subject' | 'period' | 'status' | 'resolution' | 'evidence' | 'closedByEngineAt'>): GoldenValue | null {
  const r = flag.resolution;
  if (flag.status !== 'RESOLVED' || !r || flag.closedByEngineAt) return null;
  const common = { flagKey: flag.key, rule: flag.rule, subject: flag.subject, period: flag.period, reason: r.reason, decidedBy: r.by, decidedAt: r.at };
  if (r.kind === 'ACCEPT_SIDE') {
    const side = flag.evidence.sides[r.side ?? -1];
    if (!side) return null;
    return { ...common, grams: side.grams ?? null, value: side.value, unit: side.unit, basis: 'ACCEPT_SIDE', source: side.source };
  }
  if (r.kind === 'CORRECTED_VALUE') {
    const grams = r.correctedGrams ?? null;
    const value = r.correctedValue ?? (grams === null ? null : String(grams));
    if (value === null) return null;
    return { ...common, grams, value, unit: r.correctedUnit ?? 'g', basis: 'CORRECTED_VALUE', source: null };
  }
  return null;
}

/** Golden values of a period's resolved flags, streamed (for the indicators). */
export async function* goldenValues(filter: { periods: readonly string[]; rules?: readonly string[] }): AsyncGenerator<GoldenValue> {
  const query: Record<string, unknown> = {
    period: { $in: [...filter.periods] },
    status: 'RESOLVED',
    'resolution.kind': { $in: ['ACCEPT_SIDE', 'CORRECTED_VALUE'] },
    closedByEngineAt: null,
  };
  if (filter.rules) query.rule = { $in: [...filter.rules] };
  for await (const flag of FlagModel.find(query).sort({ key: 1 }).lean<FlagRecord>().cursor()) {
    const golden = goldenValue(flag);
    if (golden) yield golden;
  }
}

// ---------------------------------------------------------------------------------------------------
// Stewards: the one entry point of every flag mutation

export interface FlagActionOutcome {
  /** the id or key as the caller gave it */
  id: string;
  flag: FlagRecord | null;
  error: FlagWorkflowError | null;
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** Finds flags by id (ObjectId hex) or key (`RULE|subject|period`), in one query. */
export async function findFlags(idsOrKeys: readonly string[]): Promise<Map<string, FlagRecord>> {
  const ids = idsOrKeys.filter((v) => OBJECT_ID.test(v)).map((v) => new Types.ObjectId(v));
  const keys = idsOrKeys.filter((v) => !OBJECT_ID.test(v));
  if (ids.length + keys.length === 0) return new Map();
  // ids by `_id` alone (point reads on the embedded store, where an `$or` with the keys would read every flag)
  const found = [
    ...(await findByIds<FlagRecord>(FlagModel, ids)),
    ...(keys.length > 0 ? await FlagModel.find({ key: { $in: keys } }).lean<FlagRecord[]>().exec() : []),
  ];
  const byRef = new Map<string, FlagRecord>();
  for (const flag of found) {
    byRef.set(flag._id.toHexString(), flag);
    byRef.set(flag.key, flag);
  }
  return byRef;
}

const ASSIGNABLE_ROLES: readonly Role[] = ['ADMIN', 'STEWARD'];

/**
 * Stewards act on the flags of their agency's streams and on flags escalated to their agency; ADMINs
 * on all. (Reading follows the same rule: `mayReadFlag`.)
 */
export function mayActOnFlag(caller: Caller, flag: Pick<Flag, 'stream' | 'escalatedTo'>): boolean {
  if (mayActOnStream(caller, flag.stream)) return true;
  return caller.role === 'STEWARD' && (flag.escalatedTo ?? []).includes(caller.agency);
}

export function mayReadFlag(caller: Caller, readableStreams: readonly Stream[], flag: Pick<Flag, 'stream' | 'escalatedTo'>): boolean {
  return readableStreams.includes(flag.stream) || (escalationReader(caller) !== null && (flag.escalatedTo ?? []).includes(caller.agency));
}

/** The agency whose escalated flags a caller's queue includes: its own, except for partners (API consumers, not stewards). */
export function escalationReader(caller: Caller): string | null {
  return caller.role === 'PARTNER' ? null : caller.agency;
}

/** The assignee must be an active key that could act on the flag itself. */
async function assigneeActor(keyId: string | null): Promise<{ actor: FlagActor; caller: Caller } | null> {
  if (keyId === null) return null;
  const key = await ApiKeyModel.findOne({ keyId, revokedAt: null }).lean();
  if (!key) throw badInput(`assignee ${keyId} is not an active API key`);
  if (!ASSIGNABLE_ROLES.includes(key.role as Role)) throw badInput(`assignee ${keyId} is a ${key.role}; only stewards and admins take flags`);
  return { actor: { id: key.keyId, label: key.label }, caller: { keyId: key.keyId, label: key.label, role: key.role as Role, agency: key.agency } };
}

/**
 * Applies one steward action to each flag named (bulk and single forms share it), in order. Each flag
 * gets its own outcome: NOT_FOUND, FORBIDDEN (the caller may not act on the flag's stream), BAD_USER_INPUT,
 * CONFLICT (status does not allow it, or the flag changed between read and write), or the updated flag.
 */
export async function actOnFlags(caller: Caller, idsOrKeys: readonly string[], request: FlagActionRequest, now: () => Date = () => new Date()): Promise<FlagActionOutcome[]> {
  const actor = callerActor(caller);
  const flags = await findFlags(idsOrKeys);
  let assignee: Awaited<ReturnType<typeof assigneeActor>> | undefined;
  const outcomes: FlagActionOutcome[] = [];
  for (const id of idsOrKeys) {
    const fail = (error: FlagWorkflowError) => outcomes.push({ id, flag: null, error });
    const flag = flags.get(id);
    if (!flag) {
      fail(new FlagWorkflowError('NOT_FOUND', `flag ${id} does not exist`));
      continue;
    }
    if (!mayActOnFlag(caller, flag)) {
      fail(new FlagWorkflowError('FORBIDDEN', `a ${caller.role} of ${caller.agency} may not act on ${flag.stream} flags`));
      continue;
    }
    try {
      let action: FlagAction;
      if (request.kind === 'ASSIGN') {
        assignee ??= await assigneeActor(request.assigneeKeyId);
        if (assignee && !mayActOnFlag(assignee.caller, flag)) {
          throw badInput(`assignee ${assignee.actor.id} may not act on ${flag.stream} flags`);
        }
        action = { kind: 'ASSIGN', assignee: assignee?.actor ?? null };
      } else {
        action = request;
      }
      const plan = planAction(flag, action, actor, now());
      const revision = flag.revision + 1;
      const pushed = flagTransitionEvent(flag.status, plan.set.status ?? flag.status);
      const event = pushed ? flagEvent(pushed, { ...flag, ...plan.set }, revision, plan.history.at, actor) : null;
      // the event first, pending: a process killed after the flag write still leaves it (outbox.ts)
      const pending = await recordFlagEvents(event ? [{ event, flagId: flag._id, revision, at: plan.history.at, actorId: actor.id }] : []);
      // the counters too, marked pending: a process killed before their difference leaves them to be rebuilt
      const counting = await beginFlagCountsWrite(flagCountDelta(flag, { ...flag, ...plan.set }));
      const updated = await FlagModel.findOneAndUpdate(
        { _id: flag._id, revision: flag.revision },
        {
          $set: { ...plan.set, revision },
          $push: plan.comment ? { history: plan.history, comments: plan.comment } : { history: plan.history },
        },
        { new: true },
      ).lean<FlagRecord>();
      await pending.settle(updated && event ? [event] : []);
      await counting.apply(updated ? flagCountDelta(flag, updated) : new Map());
      if (!updated) throw new FlagWorkflowError('CONFLICT', `flag ${id} changed while the action was applied; read it again and retry`);
      // Later ids in the same call that name this flag again see its new state.
      flags.set(updated._id.toHexString(), updated);
      flags.set(updated.key, updated);
      outcomes.push({ id, flag: updated, error: null });
    } catch (err) {
      if (err instanceof FlagWorkflowError) fail(err);
      else throw err;
    }
  }
  return outcomes;
}

/** The single form: the updated flag, or the refusal thrown. */
export async function actOnFlag(caller: Caller, idOrKey: string, request: FlagActionRequest): Promise<FlagRecord> {
  const [outcome] = await actOnFlags(caller, [idOrKey], request);
  if (!outcome?.flag) throw outcome?.error ?? new FlagWorkflowError('NOT_FOUND', `flag ${idOrKey} does not exist`);
  return outcome.flag;
}

// ---------------------------------------------------------------------------------------------------
// The engine

/** A flag as a rule raises it; the key is derived from rule, subject key and period. */
export interface RaisedFlag {
  rule: string;
  severity: FlagSeverity;
  stream: Stream;
  subject: FlagSubject;
  period: string;
  evidence: FlagEvidence;
}

/** The reconciliation run writing: its id goes into history and `runIds`; `at` defaults to now. */
export interface FlagRun {
  runId: string;
  at?: Date;
}

/** Which flags a run is responsible for: flags of these rules and periods (and subjects, for incremental runs). */
export interface FlagScope {
  rules: readonly string[];
  periods: readonly string[];
  /** incremental runs re-evaluate only some subjects; only their flags may be closed */
  subjectKeys?: readonly string[];
  /** narrows rules × periods to the pairs a run evaluated (rules evaluate different periods) */
  evaluated?(rule: string, period: string): boolean;
}

export interface FlagDiff {
  new: number;
  /** evidence or description updated without a status change (also: steward-closed flags whose condition cleared or returned) */
  changed: number;
  /** ACKNOWLEDGED / RESOLVED / DISMISSED flags re-opened because their data changed, or engine-closed flags raised again */
  reopened: number;
  /** OPEN / ACKNOWLEDGED flags closed because the run no longer raises them */
  autoClosed: number;
  unchanged: number;
}

export const emptyDiff = (): FlagDiff => ({ new: 0, changed: 0, reopened: 0, autoClosed: 0, unchanged: 0 });

export function addDiffs(a: FlagDiff, b: FlagDiff): FlagDiff {
  return { new: a.new + b.new, changed: a.changed + b.changed, reopened: a.reopened + b.reopened, autoClosed: a.autoClosed + b.autoClosed, unchanged: a.unchanged + b.unchanged };
}

export interface UpsertFlagsResult {
  diff: FlagDiff;
  /** the same diff, per rule */
  diffByRule: Map<string, FlagDiff>;
  /** every key the run raised: pass it to `closeMissing` */
  seenKeys: Set<string>;
}

const BATCH_SIZE = 500;

/** A rule that raises a malformed flag is a bug in the rule: stop the run loudly rather than store it. */
export function validateRaisedFlag(raised: RaisedFlag): void {
  const where = `flag ${raised.rule}|${raised.subject?.key}|${raised.period}`;
  if (!raised.rule || raised.rule.includes('|')) throw new Error(`${where}: rule id must be non-empty and contain no "|"`);
  if (!PERIOD_PATTERN.test(raised.period)) throw new Error(`${where}: period must be YYYY-MM, YYYYQn or YYYY`);
  if (!FLAG_SEVERITIES.includes(raised.severity)) throw new Error(`${where}: unknown severity ${raised.severity}`);
  if (!STREAMS.includes(raised.stream)) throw new Error(`${where}: unknown stream ${raised.stream}`);
  if (!SUBJECT_KINDS.includes(raised.subject.kind) || !raised.subject.key) throw new Error(`${where}: subject needs a known kind and a key`);
  for (const side of raised.evidence.sides) {
    if (!STREAMS.includes(side.stream)) throw new Error(`${where}: evidence side ${side.label} has unknown stream ${side.stream}`);
    if (side.grams != null && !Number.isSafeInteger(side.grams)) throw new Error(`${where}: evidence side ${side.label} grams must be an integer`);
  }
  const dg = raised.evidence.differenceGrams;
  if (dg != null && !Number.isSafeInteger(dg)) throw new Error(`${where}: differenceGrams must be an integer`);
}

type ExistingFlag = Pick<FlagRecord, '_id' | 'key' | 'status' | 'evidenceHash' | 'severity' | 'stream' | 'subject' | 'resolution' | 'closedByEngineAt' | 'revision' | 'escalatedTo'>;

/** Plans the engine's write for one raised flag against what is stored (pure). */
export function planUpsert(
  raised: RaisedFlag,
  existing: ExistingFlag | null,
  run: Required<FlagRun>,
): { outcome: keyof Omit<FlagDiff, 'autoClosed'>; op: AnyBulkWriteOperation<Flag> | null; id?: Types.ObjectId } {
  const key = flagKey(raised.rule, raised.subject.key, raised.period);
  const actor = engineActor(run.runId);
  const evidence = normaliseEvidence(raised.evidence);
  const subject = normaliseSubject(raised.subject);
  const hash = evidenceHash(evidence);
  const described = { severity: raised.severity, severityRank: severityRank(raised.severity), stream: raised.stream, subject };

  if (!existing) {
    // the id is chosen here so the flag's event can name it without reading the flag back
    const id = new Types.ObjectId();
    const doc: Flag & { _id: Types.ObjectId } = {
      _id: id,
      key,
      rule: raised.rule,
      ...described,
      period: raised.period,
      evidence,
      evidenceHash: hash,
      status: 'OPEN',
      assignee: null,
      comments: [],
      resolution: null,
      history: [{ at: run.at, actor, action: 'RAISED', from: null, to: 'OPEN', note: evidence.message, changes: null }],
      firstRaisedAt: run.at,
      lastSeenAt: run.at,
      closedByEngineAt: null,
      runIds: [run.runId],
      revision: 0,
    };
    // A plain insert (an upsert costs a collection scan per document on the embedded store); the unique key
    // index still refuses a duplicate if a concurrent run inserted the same flag first.
    return { outcome: 'new', op: { insertOne: { document: doc } }, id };
  }

  const evidenceChanged = existing.evidenceHash !== hash;
  const describedChanges: Record<string, unknown> = {};
  if (existing.severity !== raised.severity) describedChanges.severity = { from: existing.severity, to: raised.severity };
  if (existing.stream !== raised.stream) describedChanges.stream = { from: existing.stream, to: raised.stream };
  if (canonicalJson(normaliseSubject(existing.subject), { omitNulls: true }) !== canonicalJson(subject, { omitNulls: true })) describedChanges.subject = { from: existing.subject, to: subject };
  const returned = existing.closedByEngineAt !== null && existing.closedByEngineAt !== undefined;
  if (!evidenceChanged && !returned && Object.keys(describedChanges).length === 0) return { outcome: 'unchanged', op: null };

  const changes: Record<string, unknown> = { ...describedChanges };
  if (evidenceChanged) changes.evidenceHash = { from: existing.evidenceHash, to: hash };
  const engineClosed = existing.resolution?.kind === 'CONDITION_CLEARED';
  let action: HistoryAction;
  let to: FlagStatus | null = null;
  if (returned && engineClosed) {
    action = 'CONDITION_RETURNED';
    to = 'OPEN';
  } else if (evidenceChanged && existing.status !== 'OPEN') {
    // The steward decided on other data: their decision no longer covers this evidence.
    action = 'REOPENED_DATA_CHANGED';
    to = 'OPEN';
    if (existing.resolution) changes.resolution = { from: existing.resolution, to: null };
  } else if (returned) {
    // Raised again with the very evidence a steward already decided on: the decision stands.
    action = 'CONDITION_RETURNED';
  } else {
    action = 'DATA_CHANGED';
  }
  const set: Partial<Flag> = { ...described, evidence, evidenceHash: hash, lastSeenAt: run.at, closedByEngineAt: null };
  if (to) {
    set.status = to;
    set.resolution = null;
  }
  const entry: FlagHistoryEntry = { at: run.at, actor, action, from: to ? existing.status : null, to, note: evidence.message, changes };
  return {
    outcome: to ? 'reopened' : 'changed',
    op: {
      updateOne: {
        // Conditional on what was read: if a steward changed the status meanwhile, this write is skipped
        // and the next run, still seeing a different hash, applies it.
        filter: { _id: existing._id, status: existing.status, evidenceHash: existing.evidenceHash },
        update: { $set: set, $inc: { revision: 1 }, $push: { history: entry, runIds: run.runId } },
      },
    },
  };
}

async function* batches<T>(items: Iterable<T> | AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/**
 * Writes what a run raised, in batches (one `$in` read and one bulkWrite per batch): new flags open,
 * changed evidence updates the flag and re-opens it if a steward had acknowledged or closed it, and
 * unchanged flags are not written at all, so re-running on unchanged data changes nothing.
 */
export async function upsertFlags(run: FlagRun, flags: Iterable<RaisedFlag> | AsyncIterable<RaisedFlag>): Promise<UpsertFlagsResult> {
  const at = run.at ?? new Date();
  const diff = emptyDiff();
  const diffByRule = new Map<string, FlagDiff>();
  const seenKeys = new Set<string>();
  await ensureFlagCounts();
  for await (const batch of batches(flags, BATCH_SIZE)) {
    for (const raised of batch) {
      validateRaisedFlag(raised);
      const key = flagKey(raised.rule, raised.subject.key, raised.period);
      if (seenKeys.has(key)) throw new Error(`flag ${key} was raised twice in run ${run.runId}: a rule's keys must be unique per subject and period`);
      seenKeys.add(key);
    }
    const keys = batch.map((f) => flagKey(f.rule, f.subject.key, f.period));
    const existing = new Map(
      (
        await FlagModel.find({ key: { $in: keys } })
          .select({ key: 1, status: 1, evidenceHash: 1, severity: 1, stream: 1, subject: 1, resolution: 1, closedByEngineAt: 1, revision: 1, escalatedTo: 1 })
          .lean<ExistingFlag[]>()
      ).map((f) => [f.key, f]),
    );
    const ops: AnyBulkWriteOperation<Flag>[] = [];
    const events: PlannedEvent[] = [];
    const counted: FlagCountDelta = new Map();
    for (const raised of batch) {
      const stored = existing.get(flagKey(raised.rule, raised.subject.key, raised.period)) ?? null;
      const { outcome, op, id } = planUpsert(raised, stored, { runId: run.runId, at });
      diff[outcome] += 1;
      countFor(diffByRule, raised.rule)[outcome] += 1;
      if (op) {
        ops.push(op);
        const before = stored && { ...stored, rule: raised.rule, period: raised.period };
        flagCountDelta(before, { rule: raised.rule, period: raised.period, stream: raised.stream, severity: raised.severity, status: outcome === 'reopened' || !stored ? 'OPEN' : stored.status, escalatedTo: stored?.escalatedTo ?? [] }, counted);
      }
      const pushed = outcome === 'new' ? 'FLAG_RAISED' : outcome === 'reopened' ? 'FLAG_REOPENED' : null;
      if (pushed) {
        const flag = { ...raised, _id: stored?._id ?? id ?? null, key: flagKey(raised.rule, raised.subject.key, raised.period), status: 'OPEN', escalatedTo: stored?.escalatedTo ?? [] };
        // a raise always happened (a duplicate key means another run raised the very same flag and event)
        const revision = stored ? stored.revision + 1 : 0;
        events.push({
          event: flagEvent(pushed, flag, revision, at, engineActor(run.runId)),
          write: { flagId: (stored?._id ?? id)!, revision, at, actorId: engineActor(run.runId).id },
          key: flag.key,
          conditional: pushed === 'FLAG_REOPENED',
          expectStatus: 'OPEN',
          inserted: pushed === 'FLAG_RAISED',
        });
      }
    }
    // the batch's events first, pending (outbox.ts), then its flags
    const pending = await recordFlagEvents(events.map((p) => ({ event: p.event, ...p.write })));
    const counting = await beginFlagCountsWrite(counted);
    // a duplicate key means another run inserted the same flag a moment earlier: it exists, as intended
    const counts = await bulkWriteInChunks(FlagModel, ops, { ignoreDuplicateKeys: true });
    await countApplied(counting, counted, counts, ops.length);
    await recordAppliedEvents(events, counts, ops.length, at, pending);
  }
  return { diff, diffByRule, seenKeys };
}

/** The counters take a batch's differences when every write applied; otherwise they are rebuilt on their next read (which lifts the marks). */
async function countApplied(counting: FlagCountsWrite, delta: FlagCountDelta, counts: BulkCounts, writes: number): Promise<void> {
  if (counts.insertedCount + counts.matchedCount === writes) await counting.apply(delta);
  else await unvouchFlagCounts(`${writes - counts.insertedCount - counts.matchedCount} of ${writes} flag writes did not apply as planned`);
}

interface PlannedEvent {
  event: HubEvent;
  /** the flag write the event reports, for its pending copy */
  write: Omit<FlagWriteEvent, 'event'>;
  key: string;
  /** written by an update conditional on what was read, which a concurrent steward may have made miss */
  conditional: boolean;
  expectStatus: FlagStatus;
  /** a raise: its event names the id this run chose, which a concurrent run's insert may have beaten */
  inserted?: boolean;
}

/**
 * Records the events of a batch whose writes were applied. When every write of the batch took effect
 * (the usual case) that is all of them; otherwise the flags of the conditional ones are read back and
 * only those this run changed (its `at`, the planned status) keep their event.
 */
async function recordAppliedEvents(planned: readonly PlannedEvent[], counts: BulkCounts, writes: number, at: Date, pending: PendingFlagEvents): Promise<void> {
  if (planned.length === 0) return;
  // inserts refused as duplicates (another run raised the same flag first): their flags have that run's id
  const raises = planned.filter((p) => p.inserted);
  const unnamed = counts.insertedCount < raises.length ? raises : [];
  if (unnamed.length) {
    const ids = new Map((await FlagModel.find({ key: { $in: unnamed.map((p) => p.key) } }).select({ key: 1 }).lean<Pick<FlagRecord, '_id' | 'key'>[]>()).map((f) => [f.key, f._id.toHexString()]));
    for (const p of unnamed) (p.event.data.flag as { id: string | null }).id = ids.get(p.key) ?? null;
  }
  let applied = planned;
  if (counts.insertedCount + counts.modifiedCount < writes && planned.some((p) => p.conditional)) {
    const uncertain = planned.filter((p) => p.conditional).map((p) => p.key);
    const stored = new Map(
      (await FlagModel.find({ key: { $in: uncertain } }).select({ key: 1, status: 1, lastSeenAt: 1, closedByEngineAt: 1 }).lean<Pick<FlagRecord, 'key' | 'status' | 'lastSeenAt' | 'closedByEngineAt'>[]>()).map((f) => [f.key, f]),
    );
    const changedByThisRun = (p: PlannedEvent) => {
      const flag = stored.get(p.key);
      if (!flag || flag.status !== p.expectStatus) return false;
      return p.expectStatus === 'OPEN' ? flag.lastSeenAt?.getTime() === at.getTime() : flag.closedByEngineAt?.getTime() === at.getTime();
    };
    applied = planned.filter((p) => !p.conditional || changedByThisRun(p));
  }
  await pending.settle(applied.map((p) => p.event));
}

function countFor(byRule: Map<string, FlagDiff>, rule: string): FlagDiff {
  const diff = byRule.get(rule) ?? emptyDiff();
  byRule.set(rule, diff);
  return diff;
}

/**
 * Closes the flags in the run's scope that the run did not raise: their condition no longer holds.
 * OPEN / ACKNOWLEDGED flags become RESOLVED with a CONDITION_CLEARED resolution by the engine (no golden
 * value: the data itself now agrees); flags a steward already resolved or dismissed keep their status and
 * decision, and are only marked `closedByEngineAt` (which also retires their golden value). Reads the scope
 * page by page on `_id`, never all at once.
 */
export async function closeMissing(run: FlagRun, scope: FlagScope, seenKeys: ReadonlySet<string>): Promise<FlagDiff> {
  return [...(await closeMissingByRule(run, scope, seenKeys)).values()].reduce(addDiffs, emptyDiff());
}

type ClosingFlag = Pick<FlagRecord, '_id' | 'key' | 'status' | 'rule' | 'period' | 'severity' | 'stream' | 'subject' | 'escalatedTo' | 'evidence' | 'revision'>;

/** `closeMissing`, with its diff per rule. */
export async function closeMissingByRule(run: FlagRun, scope: FlagScope, seenKeys: ReadonlySet<string>): Promise<Map<string, FlagDiff>> {
  const at = run.at ?? new Date();
  const actor = engineActor(run.runId);
  const byRule = new Map<string, FlagDiff>();
  if (scope.rules.length === 0 || scope.periods.length === 0) return byRule;
  const query: Record<string, unknown> = { rule: { $in: [...scope.rules] }, period: { $in: [...scope.periods] }, closedByEngineAt: null };
  if (scope.subjectKeys) query['subject.key'] = { $in: [...scope.subjectKeys] };
  // pages in key order: {period, key} serves it, the rules and the rest filter what it walks
  let after: string | null = null;
  await ensureFlagCounts();
  for (;;) {
    const page: ClosingFlag[] = await FlagModel.find(after !== null ? { ...query, key: { $gt: after } } : query)
      .select({ key: 1, status: 1, rule: 1, period: 1, severity: 1, stream: 1, subject: 1, escalatedTo: 1, 'evidence.message': 1, revision: 1 })
      .sort({ key: 1 })
      .limit(BATCH_SIZE)
      .lean<ClosingFlag[]>();
    if (page.length === 0) break;
    after = page[page.length - 1]!.key;
    const ops: AnyBulkWriteOperation<Flag>[] = [];
    const events: PlannedEvent[] = [];
    const counted: FlagCountDelta = new Map();
    for (const flag of page) {
      if (seenKeys.has(flag.key) || (scope.evaluated && !scope.evaluated(flag.rule, flag.period))) continue;
      const reason = `the rule no longer raises this flag in run ${run.runId}`;
      const open = flag.status === 'OPEN' || flag.status === 'ACKNOWLEDGED';
      const set: Partial<Flag> = { closedByEngineAt: at };
      if (open) {
        set.status = 'RESOLVED';
        set.resolution = { kind: 'CONDITION_CLEARED', side: null, correctedGrams: null, correctedValue: null, correctedUnit: null, reason, by: actor, at };
      }
      const entry: FlagHistoryEntry = { at, actor, action: 'CONDITION_CLEARED', from: open ? flag.status : null, to: open ? 'RESOLVED' : null, note: reason, changes: null };
      ops.push({
        updateOne: {
          filter: { _id: flag._id, status: flag.status, closedByEngineAt: null },
          update: { $set: set, $inc: { revision: 1 }, $push: { history: entry, runIds: run.runId } },
        },
      });
      if (open) {
        flagCountDelta(flag, { ...flag, status: 'RESOLVED' }, counted);
        countFor(byRule, flag.rule).autoClosed += 1;
        const closed = { ...flag, status: 'RESOLVED', resolution: set.resolution ?? null };
        events.push({
          event: flagEvent('FLAG_RESOLVED', closed, flag.revision + 1, at, actor),
          write: { flagId: flag._id, revision: flag.revision + 1, at, actorId: actor.id },
          key: flag.key,
          conditional: true,
          expectStatus: 'RESOLVED',
        });
      } else countFor(byRule, flag.rule).changed += 1;
    }
    const pending = await recordFlagEvents(events.map((p) => ({ event: p.event, ...p.write })));
    const counting = await beginFlagCountsWrite(counted);
    const counts = await bulkWriteInChunks(FlagModel, ops);
    await countApplied(counting, counted, counts, ops.length);
    await recordAppliedEvents(events, counts, ops.length, at, pending);
    if (page.length < BATCH_SIZE) break;
  }
  return byRule;
}
