/* eslint-disable */
import { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import { ApiKey as ApiKeyMapper } from '../../auth/apiKey';
import { AgencyScope as AgencyScopeMapper, Caller as CallerMapper } from '../../auth/roles';
import { HealthParent as HealthParentMapper } from '../resolvers/core';
import { FlagRecord as FlagRecordMapper, FlagEvidence as FlagEvidenceMapper, FlagSide as FlagSideMapper, FlagResolution as FlagResolutionMapper } from '../../reconcile/flagModel';
import { GoldenValue as GoldenValueMapper } from '../../reconcile/flags';
import { FlagConnectionParent as FlagConnectionParentMapper } from '../resolvers/flags';
import { JobRun as JobRunMapper } from '../../../jobs/jobRun';
import { GraphQLContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** ISO 8601 date-time with offset, e.g. 2026-11-03T08:15:00+08:00. */
  DateTime: { input: Date | string; output: Date | string; }
  /** An exact mass: integer grams as a decimal string (no binary floats), e.g. "12345000" = 12.345 t. */
  Grams: { input: string; output: string; }
  /** Arbitrary JSON (raw source payloads, evidence). */
  JSON: { input: unknown; output: unknown; }
};

export type Agency = {
  __typename?: 'Agency';
  code: Scalars['ID']['output'];
  formerNames: Array<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  /** Streams the agency owns: its stewards act on them, its partners read them in detail. */
  streams: Array<Scalars['String']['output']>;
};

export type ApiKey = {
  __typename?: 'ApiKey';
  agency: Agency;
  createdAt: Scalars['DateTime']['output'];
  createdBy: Scalars['String']['output'];
  keyId: Scalars['ID']['output'];
  label: Scalars['String']['output'];
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  role: Role;
};

export type Caller = {
  __typename?: 'Caller';
  agency: Agency;
  keyId: Scalars['ID']['output'];
  label: Scalars['String']['output'];
  role: Role;
};

export type CreateApiKeyInput = {
  agency: Scalars['ID']['input'];
  label?: InputMaybe<Scalars['String']['input']>;
  role: Role;
};

export type CreatedApiKey = {
  __typename?: 'CreatedApiKey';
  apiKey: ApiKey;
  /** The key itself; store it now, it is not shown again. */
  key: Scalars['String']['output'];
};

export type EmbeddedServer = {
  __typename?: 'EmbeddedServer';
  name: Scalars['String']['output'];
  pid: Scalars['Int']['output'];
  url: Scalars['String']['output'];
};

export type Flag = {
  __typename?: 'Flag';
  assignee?: Maybe<FlagActor>;
  /** Set while the rule no longer raises the flag. */
  closedByEngineAt?: Maybe<Scalars['DateTime']['output']>;
  comments: Array<FlagComment>;
  evidence: FlagEvidence;
  firstRaisedAt: Scalars['DateTime']['output'];
  /** The value downstream indicators use, while the flag is RESOLVED by a steward and its rule still raises it. */
  goldenValue?: Maybe<FlagGoldenValue>;
  /** Append-only, oldest first. */
  history: Array<FlagHistoryEntry>;
  id: Scalars['ID']['output'];
  /** Deterministic: RULE|subject key|period. */
  key: Scalars['String']['output'];
  /** When a reconciliation run last wrote this flag's evidence. */
  lastSeenAt: Scalars['DateTime']['output'];
  period: Scalars['String']['output'];
  resolution?: Maybe<FlagResolution>;
  rule: Scalars['String']['output'];
  severity: FlagSeverity;
  status: FlagStatus;
  stream: Scalars['String']['output'];
  subject: FlagSubject;
};

export type FlagActionError = {
  __typename?: 'FlagActionError';
  /** NOT_FOUND, FORBIDDEN, CONFLICT or BAD_USER_INPUT. */
  code: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

export type FlagActionResult = {
  __typename?: 'FlagActionResult';
  error?: Maybe<FlagActionError>;
  flag?: Maybe<Flag>;
  /** The id or key as given. */
  id: Scalars['ID']['output'];
};

/** Who wrote: an API key (id and label at the time) or the engine (id `engine`). */
export type FlagActor = {
  __typename?: 'FlagActor';
  id: Scalars['ID']['output'];
  label: Scalars['String']['output'];
};

export type FlagComment = {
  __typename?: 'FlagComment';
  at: Scalars['DateTime']['output'];
  author: FlagActor;
  id: Scalars['ID']['output'];
  text: Scalars['String']['output'];
};

export type FlagConnection = {
  __typename?: 'FlagConnection';
  edges: Array<FlagEdge>;
  facets: FlagFacets;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type FlagEdge = {
  __typename?: 'FlagEdge';
  cursor: Scalars['String']['output'];
  node: Flag;
};

export type FlagEvidence = {
  __typename?: 'FlagEvidence';
  difference: Scalars['String']['output'];
  differenceGrams?: Maybe<Scalars['Grams']['output']>;
  message: Scalars['String']['output'];
  sides: Array<FlagSide>;
  tolerance: Scalars['String']['output'];
};

export type FlagFacetCount = {
  __typename?: 'FlagFacetCount';
  count: Scalars['Int']['output'];
  value: Scalars['String']['output'];
};

/** Counts under the filter; each facet ignores its own dimension of the filter, so all its values show. */
export type FlagFacets = {
  __typename?: 'FlagFacets';
  byRule: Array<FlagFacetCount>;
  byStatus: Array<FlagFacetCount>;
};

export type FlagFilter = {
  /** API key id of the assignee. */
  assignee?: InputMaybe<Scalars['ID']['input']>;
  /** USCC of the party the flag concerns. */
  party?: InputMaybe<Scalars['String']['input']>;
  /** Exact period key: YYYY-MM, YYYYQn or YYYY. */
  period?: InputMaybe<Scalars['String']['input']>;
  rule?: InputMaybe<Array<Scalars['String']['input']>>;
  severity?: InputMaybe<Array<FlagSeverity>>;
  status?: InputMaybe<Array<FlagStatus>>;
  /** Stream names as in `Agency.streams`. */
  stream?: InputMaybe<Array<Scalars['String']['input']>>;
  street?: InputMaybe<Scalars['String']['input']>;
  /** Case-insensitive text in the subject key or label or the evidence message (taken literally). */
  text?: InputMaybe<Scalars['String']['input']>;
};

export type FlagGoldenValue = {
  __typename?: 'FlagGoldenValue';
  basis: ResolveFlagKind;
  grams?: Maybe<Scalars['Grams']['output']>;
  /** The accepted side's source; null for a corrected value. */
  source?: Maybe<Scalars['String']['output']>;
  unit: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

export type FlagHistoryAction =
  | 'ACKNOWLEDGED'
  | 'ASSIGNED'
  | 'COMMENTED'
  | 'CONDITION_CLEARED'
  | 'CONDITION_RETURNED'
  | 'DATA_CHANGED'
  | 'DISMISSED'
  | 'RAISED'
  | 'REOPENED'
  | 'REOPENED_DATA_CHANGED'
  | 'RESOLVED';

export type FlagHistoryEntry = {
  __typename?: 'FlagHistoryEntry';
  action: FlagHistoryAction;
  actor: FlagActor;
  at: Scalars['DateTime']['output'];
  /** Before and after of what the entry changed (assignee, resolution, evidence hash…). */
  changes?: Maybe<Scalars['JSON']['output']>;
  from?: Maybe<FlagStatus>;
  note?: Maybe<Scalars['String']['output']>;
  to?: Maybe<FlagStatus>;
};

export type FlagResolution = {
  __typename?: 'FlagResolution';
  at: Scalars['DateTime']['output'];
  by: FlagActor;
  correctedGrams?: Maybe<Scalars['Grams']['output']>;
  correctedUnit?: Maybe<Scalars['String']['output']>;
  correctedValue?: Maybe<Scalars['String']['output']>;
  kind: FlagResolutionKind;
  reason: Scalars['String']['output'];
  side?: Maybe<Scalars['Int']['output']>;
};

/**
 * ACCEPT_SIDE and CORRECTED_VALUE are stewards' resolutions (they give the golden value); DISMISSED is a
 * steward's judgement that the flag is not a real problem; CONDITION_CLEARED is the engine closing a flag
 * its rule no longer raises.
 */
export type FlagResolutionKind =
  | 'ACCEPT_SIDE'
  | 'CONDITION_CLEARED'
  | 'CORRECTED_VALUE'
  | 'DISMISSED';

export type FlagSeverity =
  | 'CRITICAL'
  | 'HIGH'
  | 'INFO'
  | 'LOW'
  | 'MEDIUM';

/** One side of the comparison as its source states it. */
export type FlagSide = {
  __typename?: 'FlagSide';
  grams?: Maybe<Scalars['Grams']['output']>;
  label: Scalars['String']['output'];
  /** Where the raw payload is kept. */
  payloadRef?: Maybe<Scalars['String']['output']>;
  source: Scalars['String']['output'];
  sourceRecordIds?: Maybe<Array<Scalars['ID']['output']>>;
  stream: Scalars['String']['output'];
  unit: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

export type FlagStatus =
  | 'ACKNOWLEDGED'
  | 'DISMISSED'
  | 'OPEN'
  | 'RESOLVED';

export type FlagSubject = {
  __typename?: 'FlagSubject';
  /** The manifest / waybill / ticket number, USCC, plate or project code. */
  key: Scalars['String']['output'];
  kind: FlagSubjectKind;
  label?: Maybe<Scalars['String']['output']>;
  partyUscc?: Maybe<Scalars['String']['output']>;
  street?: Maybe<Scalars['String']['output']>;
};

export type FlagSubjectKind =
  | 'FACILITY'
  | 'INSTITUTION'
  | 'MOVEMENT'
  | 'PARTY'
  | 'PROJECT'
  | 'RECORD'
  | 'VEHICLE';

export type Health = {
  __typename?: 'Health';
  /** Servers this process started itself (the embedded default); operators only. */
  embedded: Array<EmbeddedServer>;
  mongo: Scalars['Boolean']['output'];
  redis: Scalars['Boolean']['output'];
  uptimeSeconds: Scalars['Int']['output'];
  /** Node.js version the hub runs on. */
  version: Scalars['String']['output'];
};

export type Job = {
  __typename?: 'Job';
  attempts: Scalars['Int']['output'];
  /** Why the last attempt failed. */
  error?: Maybe<Scalars['String']['output']>;
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  input: Scalars['JSON']['output'];
  jobId: Scalars['ID']['output'];
  kind: JobKind;
  origin: Scalars['String']['output'];
  queue: Scalars['String']['output'];
  queuedAt: Scalars['DateTime']['output'];
  requestedBy?: Maybe<Scalars['String']['output']>;
  result?: Maybe<Scalars['JSON']['output']>;
  slot?: Maybe<Scalars['String']['output']>;
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  status: JobStatus;
  worker?: Maybe<Scalars['String']['output']>;
};

export type JobConnection = {
  __typename?: 'JobConnection';
  edges: Array<JobEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type JobEdge = {
  __typename?: 'JobEdge';
  cursor: Scalars['String']['output'];
  node: Job;
};

export type JobFilter = {
  kind?: InputMaybe<JobKind>;
  /** schedule id (e.g. `sync-industrial`), or `manual` */
  origin?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<JobStatus>;
};

export type JobKind =
  | 'close'
  | 'indicators'
  | 'reconcile'
  | 'sync';

export type JobStatus =
  | 'COMPLETED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING';

export type Mutation = {
  __typename?: 'Mutation';
  acknowledgeFlag: Flag;
  /** Bulk forms: each id gets its own result (the flag, or the error that refused it), in order. */
  acknowledgeFlags: Array<FlagActionResult>;
  /** Assigns the flag to a STEWARD or ADMIN key that may act on it; `assignee: null` unassigns. */
  assignFlag: Flag;
  assignFlags: Array<FlagActionResult>;
  commentOnFlag: Flag;
  commentOnFlags: Array<FlagActionResult>;
  /** Creates an API key. The key is in the payload once and never again. */
  createApiKey: CreatedApiKey;
  dismissFlag: Flag;
  dismissFlags: Array<FlagActionResult>;
  reopenFlag: Flag;
  reopenFlags: Array<FlagActionResult>;
  /** Resolves with a golden value: one side accepted, or a corrected value; always with a reason. */
  resolveFlag: Flag;
  resolveFlags: Array<FlagActionResult>;
  revokeApiKey: ApiKey;
  /** Enqueues a job now. `source` is for sync (a source id or `all`); `period` (YYYY-MM) for the others. */
  runJob: Job;
};


export type MutationAcknowledgeFlagArgs = {
  id: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
};


export type MutationAcknowledgeFlagsArgs = {
  ids: Array<Scalars['ID']['input']>;
  note?: InputMaybe<Scalars['String']['input']>;
};


export type MutationAssignFlagArgs = {
  assignee?: InputMaybe<Scalars['ID']['input']>;
  id: Scalars['ID']['input'];
};


export type MutationAssignFlagsArgs = {
  assignee?: InputMaybe<Scalars['ID']['input']>;
  ids: Array<Scalars['ID']['input']>;
};


export type MutationCommentOnFlagArgs = {
  id: Scalars['ID']['input'];
  text: Scalars['String']['input'];
};


export type MutationCommentOnFlagsArgs = {
  ids: Array<Scalars['ID']['input']>;
  text: Scalars['String']['input'];
};


export type MutationCreateApiKeyArgs = {
  input: CreateApiKeyInput;
};


export type MutationDismissFlagArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


export type MutationDismissFlagsArgs = {
  ids: Array<Scalars['ID']['input']>;
  reason: Scalars['String']['input'];
};


export type MutationReopenFlagArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


export type MutationReopenFlagsArgs = {
  ids: Array<Scalars['ID']['input']>;
  reason: Scalars['String']['input'];
};


export type MutationResolveFlagArgs = {
  id: Scalars['ID']['input'];
  input: ResolveFlagInput;
};


export type MutationResolveFlagsArgs = {
  ids: Array<Scalars['ID']['input']>;
  input: ResolveFlagInput;
};


export type MutationRevokeApiKeyArgs = {
  keyId: Scalars['ID']['input'];
};


export type MutationRunJobArgs = {
  full?: InputMaybe<Scalars['Boolean']['input']>;
  kind: JobKind;
  period?: InputMaybe<Scalars['String']['input']>;
  source?: InputMaybe<Scalars['String']['input']>;
};

/** Relay page information; cursors are opaque. */
export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** The agencies callers and stewards belong to. */
  agencies: Array<Agency>;
  /** Every API key (never their secrets). */
  apiKeys: Array<ApiKey>;
  /** One flag by id or key. */
  flag: Flag;
  /** Flags matching the filter, worst severity first, then newest; with facet counts. */
  flags: FlagConnection;
  /** Liveness of the hub and its stores. */
  health: Health;
  job?: Maybe<Job>;
  /** Job history, newest first. */
  jobs: JobConnection;
  /** The caller the presented API key stands for. */
  me: Caller;
};


export type QueryApiKeysArgs = {
  includeRevoked?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryFlagArgs = {
  id: Scalars['ID']['input'];
};


export type QueryFlagsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<FlagFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryJobArgs = {
  jobId: Scalars['ID']['input'];
};


export type QueryJobsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<JobFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type ResolveFlagInput = {
  /** CORRECTED_VALUE: the corrected mass, and/or the corrected value with its unit when it is not a mass. */
  correctedGrams?: InputMaybe<Scalars['Grams']['input']>;
  correctedUnit?: InputMaybe<Scalars['String']['input']>;
  correctedValue?: InputMaybe<Scalars['String']['input']>;
  kind: ResolveFlagKind;
  reason: Scalars['String']['input'];
  /** ACCEPT_SIDE: index of the accepted side in `evidence.sides`. */
  side?: InputMaybe<Scalars['Int']['input']>;
};

/** Steward resolutions only; the engine's CONDITION_CLEARED and dismissal have their own paths. */
export type ResolveFlagKind =
  | 'ACCEPT_SIDE'
  | 'CORRECTED_VALUE';

export type Role =
  | 'ADMIN'
  | 'ANALYST'
  | 'PARTNER'
  | 'STEWARD';

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Agency: ResolverTypeWrapper<AgencyScopeMapper>;
  ApiKey: ResolverTypeWrapper<ApiKeyMapper>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Caller: ResolverTypeWrapper<CallerMapper>;
  CreateApiKeyInput: CreateApiKeyInput;
  CreatedApiKey: ResolverTypeWrapper<Omit<CreatedApiKey, 'apiKey'> & { apiKey: ResolversTypes['ApiKey'] }>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  EmbeddedServer: ResolverTypeWrapper<EmbeddedServer>;
  Flag: ResolverTypeWrapper<FlagRecordMapper>;
  FlagActionError: ResolverTypeWrapper<FlagActionError>;
  FlagActionResult: ResolverTypeWrapper<Omit<FlagActionResult, 'flag'> & { flag?: Maybe<ResolversTypes['Flag']> }>;
  FlagActor: ResolverTypeWrapper<FlagActor>;
  FlagComment: ResolverTypeWrapper<FlagComment>;
  FlagConnection: ResolverTypeWrapper<FlagConnectionParentMapper>;
  FlagEdge: ResolverTypeWrapper<Omit<FlagEdge, 'node'> & { node: ResolversTypes['Flag'] }>;
  FlagEvidence: ResolverTypeWrapper<FlagEvidenceMapper>;
  FlagFacetCount: ResolverTypeWrapper<FlagFacetCount>;
  FlagFacets: ResolverTypeWrapper<FlagFacets>;
  FlagFilter: FlagFilter;
  FlagGoldenValue: ResolverTypeWrapper<GoldenValueMapper>;
  FlagHistoryAction: FlagHistoryAction;
  FlagHistoryEntry: ResolverTypeWrapper<FlagHistoryEntry>;
  FlagResolution: ResolverTypeWrapper<FlagResolutionMapper>;
  FlagResolutionKind: FlagResolutionKind;
  FlagSeverity: FlagSeverity;
  FlagSide: ResolverTypeWrapper<FlagSideMapper>;
  FlagStatus: FlagStatus;
  FlagSubject: ResolverTypeWrapper<FlagSubject>;
  FlagSubjectKind: FlagSubjectKind;
  Grams: ResolverTypeWrapper<Scalars['Grams']['output']>;
  Health: ResolverTypeWrapper<HealthParentMapper>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Job: ResolverTypeWrapper<JobRunMapper>;
  JobConnection: ResolverTypeWrapper<Omit<JobConnection, 'edges'> & { edges: Array<ResolversTypes['JobEdge']> }>;
  JobEdge: ResolverTypeWrapper<Omit<JobEdge, 'node'> & { node: ResolversTypes['Job'] }>;
  JobFilter: JobFilter;
  JobKind: JobKind;
  JobStatus: JobStatus;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ResolveFlagInput: ResolveFlagInput;
  ResolveFlagKind: ResolveFlagKind;
  Role: Role;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Agency: AgencyScopeMapper;
  ApiKey: ApiKeyMapper;
  Boolean: Scalars['Boolean']['output'];
  Caller: CallerMapper;
  CreateApiKeyInput: CreateApiKeyInput;
  CreatedApiKey: Omit<CreatedApiKey, 'apiKey'> & { apiKey: ResolversParentTypes['ApiKey'] };
  DateTime: Scalars['DateTime']['output'];
  EmbeddedServer: EmbeddedServer;
  Flag: FlagRecordMapper;
  FlagActionError: FlagActionError;
  FlagActionResult: Omit<FlagActionResult, 'flag'> & { flag?: Maybe<ResolversParentTypes['Flag']> };
  FlagActor: FlagActor;
  FlagComment: FlagComment;
  FlagConnection: FlagConnectionParentMapper;
  FlagEdge: Omit<FlagEdge, 'node'> & { node: ResolversParentTypes['Flag'] };
  FlagEvidence: FlagEvidenceMapper;
  FlagFacetCount: FlagFacetCount;
  FlagFacets: FlagFacets;
  FlagFilter: FlagFilter;
  FlagGoldenValue: GoldenValueMapper;
  FlagHistoryEntry: FlagHistoryEntry;
  FlagResolution: FlagResolutionMapper;
  FlagSide: FlagSideMapper;
  FlagSubject: FlagSubject;
  Grams: Scalars['Grams']['output'];
  Health: HealthParentMapper;
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  JSON: Scalars['JSON']['output'];
  Job: JobRunMapper;
  JobConnection: Omit<JobConnection, 'edges'> & { edges: Array<ResolversParentTypes['JobEdge']> };
  JobEdge: Omit<JobEdge, 'node'> & { node: ResolversParentTypes['Job'] };
  JobFilter: JobFilter;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  ResolveFlagInput: ResolveFlagInput;
  String: Scalars['String']['output'];
}>;

export type AuthDirectiveArgs = {
  roles: Array<Role>;
};

export type AuthDirectiveResolver<Result, Parent, ContextType = GraphQLContext, Args = AuthDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type AgencyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Agency'] = ResolversParentTypes['Agency']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  formerNames?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  streams?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type ApiKeyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ApiKey'] = ResolversParentTypes['ApiKey']> = ResolversObject<{
  agency?: Resolver<ResolversTypes['Agency'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  keyId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  role?: Resolver<ResolversTypes['Role'], ParentType, ContextType>;
}>;

export type CallerResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Caller'] = ResolversParentTypes['Caller']> = ResolversObject<{
  agency?: Resolver<ResolversTypes['Agency'], ParentType, ContextType>;
  keyId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['Role'], ParentType, ContextType>;
}>;

export type CreatedApiKeyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CreatedApiKey'] = ResolversParentTypes['CreatedApiKey']> = ResolversObject<{
  apiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type EmbeddedServerResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['EmbeddedServer'] = ResolversParentTypes['EmbeddedServer']> = ResolversObject<{
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pid?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type FlagResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Flag'] = ResolversParentTypes['Flag']> = ResolversObject<{
  assignee?: Resolver<Maybe<ResolversTypes['FlagActor']>, ParentType, ContextType>;
  closedByEngineAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  comments?: Resolver<Array<ResolversTypes['FlagComment']>, ParentType, ContextType>;
  evidence?: Resolver<ResolversTypes['FlagEvidence'], ParentType, ContextType>;
  firstRaisedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  goldenValue?: Resolver<Maybe<ResolversTypes['FlagGoldenValue']>, ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['FlagHistoryEntry']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastSeenAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  period?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  resolution?: Resolver<Maybe<ResolversTypes['FlagResolution']>, ParentType, ContextType>;
  rule?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  severity?: Resolver<ResolversTypes['FlagSeverity'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['FlagStatus'], ParentType, ContextType>;
  stream?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  subject?: Resolver<ResolversTypes['FlagSubject'], ParentType, ContextType>;
}>;

export type FlagActionErrorResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlagActionError'] = ResolversParentTypes['FlagActionError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type FlagActionResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlagActionResult'] = ResolversParentTypes['FlagActionResult']> = ResolversObject<{
  error?: Resolver<Maybe<ResolversTypes['FlagActionError']>, ParentType, ContextType>;
  flag?: Resolver<Maybe<ResolversTypes['Flag']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type FlagActorResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlagActor'] = ResolversParentTypes['FlagActor']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type FlagCommentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlagComment'] = ResolversParentTypes['FlagComment']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  author?: Resolver<ResolversTypes['FlagActor'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type FlagConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlagConnection'] = ResolversParentTypes['FlagConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['FlagEdge']>, ParentType, ContextType>;
  facets?: Resolver<ResolversTypes['FlagFacets'], ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type FlagEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlagEdge'] = ResolversParentTypes['FlagEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Flag'], ParentType, ContextType>;
}>;

export type FlagEvidenceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlagEvidence'] = ResolversParentTypes['FlagEvidence']> = ResolversObject<{
  difference?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  differenceGrams?: Resolver<Maybe<ResolversTypes['Grams']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sides?: Resolver<Array<ResolversTypes['FlagSide']>, ParentType, ContextType>;
  tolerance?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type FlagFacetCountResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlagFacetCount'] = ResolversParentTypes['FlagFacetCount']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type FlagFacetsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlagFacets'] = ResolversParentTypes['FlagFacets']> = ResolversObject<{
  byRule?: Resolver<Array<ResolversTypes['FlagFacetCount']>, ParentType, ContextType>;
  byStatus?: Resolver<Array<ResolversTypes['FlagFacetCount']>, ParentType, ContextType>;
}>;

export type FlagGoldenValueResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlagGoldenValue'] = ResolversParentTypes['FlagGoldenValue']> = ResolversObject<{
  basis?: Resolver<ResolversTypes['ResolveFlagKind'], ParentType, ContextType>;
  grams?: Resolver<Maybe<ResolversTypes['Grams']>, ParentType, ContextType>;
  source?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type FlagHistoryEntryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlagHistoryEntry'] = ResolversParentTypes['FlagHistoryEntry']> = ResolversObject<{
  action?: Resolver<ResolversTypes['FlagHistoryAction'], ParentType, ContextType>;
  actor?: Resolver<ResolversTypes['FlagActor'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  changes?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  from?: Resolver<Maybe<ResolversTypes['FlagStatus']>, ParentType, ContextType>;
  note?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  to?: Resolver<Maybe<ResolversTypes['FlagStatus']>, ParentType, ContextType>;
}>;

export type FlagResolutionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlagResolution'] = ResolversParentTypes['FlagResolution']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  by?: Resolver<ResolversTypes['FlagActor'], ParentType, ContextType>;
  correctedGrams?: Resolver<Maybe<ResolversTypes['Grams']>, ParentType, ContextType>;
  correctedUnit?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  correctedValue?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['FlagResolutionKind'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  side?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type FlagSideResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlagSide'] = ResolversParentTypes['FlagSide']> = ResolversObject<{
  grams?: Resolver<Maybe<ResolversTypes['Grams']>, ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  payloadRef?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceRecordIds?: Resolver<Maybe<Array<ResolversTypes['ID']>>, ParentType, ContextType>;
  stream?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type FlagSubjectResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlagSubject'] = ResolversParentTypes['FlagSubject']> = ResolversObject<{
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['FlagSubjectKind'], ParentType, ContextType>;
  label?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  partyUscc?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  street?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export interface GramsScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Grams'], any> {
  name: 'Grams';
}

export type HealthResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Health'] = ResolversParentTypes['Health']> = ResolversObject<{
  embedded?: Resolver<Array<ResolversTypes['EmbeddedServer']>, ParentType, ContextType>;
  mongo?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  redis?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  uptimeSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type JobResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Job'] = ResolversParentTypes['Job']> = ResolversObject<{
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  input?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  jobId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['JobKind'], ParentType, ContextType>;
  origin?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  queue?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  queuedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  requestedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  result?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  slot?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['JobStatus'], ParentType, ContextType>;
  worker?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type JobConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['JobConnection'] = ResolversParentTypes['JobConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['JobEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type JobEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['JobEdge'] = ResolversParentTypes['JobEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Job'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  acknowledgeFlag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationAcknowledgeFlagArgs, 'id'>>;
  acknowledgeFlags?: Resolver<Array<ResolversTypes['FlagActionResult']>, ParentType, ContextType, RequireFields<MutationAcknowledgeFlagsArgs, 'ids'>>;
  assignFlag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationAssignFlagArgs, 'id'>>;
  assignFlags?: Resolver<Array<ResolversTypes['FlagActionResult']>, ParentType, ContextType, RequireFields<MutationAssignFlagsArgs, 'ids'>>;
  commentOnFlag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationCommentOnFlagArgs, 'id' | 'text'>>;
  commentOnFlags?: Resolver<Array<ResolversTypes['FlagActionResult']>, ParentType, ContextType, RequireFields<MutationCommentOnFlagsArgs, 'ids' | 'text'>>;
  createApiKey?: Resolver<ResolversTypes['CreatedApiKey'], ParentType, ContextType, RequireFields<MutationCreateApiKeyArgs, 'input'>>;
  dismissFlag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationDismissFlagArgs, 'id' | 'reason'>>;
  dismissFlags?: Resolver<Array<ResolversTypes['FlagActionResult']>, ParentType, ContextType, RequireFields<MutationDismissFlagsArgs, 'ids' | 'reason'>>;
  reopenFlag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationReopenFlagArgs, 'id' | 'reason'>>;
  reopenFlags?: Resolver<Array<ResolversTypes['FlagActionResult']>, ParentType, ContextType, RequireFields<MutationReopenFlagsArgs, 'ids' | 'reason'>>;
  resolveFlag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationResolveFlagArgs, 'id' | 'input'>>;
  resolveFlags?: Resolver<Array<ResolversTypes['FlagActionResult']>, ParentType, ContextType, RequireFields<MutationResolveFlagsArgs, 'ids' | 'input'>>;
  revokeApiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType, RequireFields<MutationRevokeApiKeyArgs, 'keyId'>>;
  runJob?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationRunJobArgs, 'kind'>>;
}>;

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  agencies?: Resolver<Array<ResolversTypes['Agency']>, ParentType, ContextType>;
  apiKeys?: Resolver<Array<ResolversTypes['ApiKey']>, ParentType, ContextType, RequireFields<QueryApiKeysArgs, 'includeRevoked'>>;
  flag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<QueryFlagArgs, 'id'>>;
  flags?: Resolver<ResolversTypes['FlagConnection'], ParentType, ContextType, RequireFields<QueryFlagsArgs, 'first'>>;
  health?: Resolver<ResolversTypes['Health'], ParentType, ContextType>;
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType, RequireFields<QueryJobArgs, 'jobId'>>;
  jobs?: Resolver<ResolversTypes['JobConnection'], ParentType, ContextType, RequireFields<QueryJobsArgs, 'first'>>;
  me?: Resolver<ResolversTypes['Caller'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = GraphQLContext> = ResolversObject<{
  Agency?: AgencyResolvers<ContextType>;
  ApiKey?: ApiKeyResolvers<ContextType>;
  Caller?: CallerResolvers<ContextType>;
  CreatedApiKey?: CreatedApiKeyResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  EmbeddedServer?: EmbeddedServerResolvers<ContextType>;
  Flag?: FlagResolvers<ContextType>;
  FlagActionError?: FlagActionErrorResolvers<ContextType>;
  FlagActionResult?: FlagActionResultResolvers<ContextType>;
  FlagActor?: FlagActorResolvers<ContextType>;
  FlagComment?: FlagCommentResolvers<ContextType>;
  FlagConnection?: FlagConnectionResolvers<ContextType>;
  FlagEdge?: FlagEdgeResolvers<ContextType>;
  FlagEvidence?: FlagEvidenceResolvers<ContextType>;
  FlagFacetCount?: FlagFacetCountResolvers<ContextType>;
  FlagFacets?: FlagFacetsResolvers<ContextType>;
  FlagGoldenValue?: FlagGoldenValueResolvers<ContextType>;
  FlagHistoryEntry?: FlagHistoryEntryResolvers<ContextType>;
  FlagResolution?: FlagResolutionResolvers<ContextType>;
  FlagSide?: FlagSideResolvers<ContextType>;
  FlagSubject?: FlagSubjectResolvers<ContextType>;
  Grams?: GraphQLScalarType;
  Health?: HealthResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Job?: JobResolvers<ContextType>;
  JobConnection?: JobConnectionResolvers<ContextType>;
  JobEdge?: JobEdgeResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
}>;

export type DirectiveResolvers<ContextType = GraphQLContext> = ResolversObject<{
  auth?: AuthDirectiveResolver<any, any, ContextType>;
}>;
