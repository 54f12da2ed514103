/* eslint-disable */
import { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import { ApiKey as ApiKeyMapper } from '../../auth/apiKey';
import { TrustedOperation as TrustedOperationMapper } from '../../auth/trustedOperations';
import { AgencyScope as AgencyScopeMapper, Caller as CallerMapper } from '../../auth/roles';
import { HealthParent as HealthParentMapper } from '../resolvers/core';
import { FlagRecord as FlagRecordMapper, FlagEvidence as FlagEvidenceMapper, FlagSide as FlagSideMapper, FlagResolution as FlagResolutionMapper } from '../../reconcile/flagModel';
import { GoldenValue as GoldenValueMapper } from '../../reconcile/flags';
import { FlagConnectionParent as FlagConnectionParentMapper } from '../resolvers/flags';
import { IndicatorDefinition as IndicatorDefinitionMapper } from '../../indicators/definitions';
import { Target as TargetMapper } from '../../indicators/targets';
import { IndicatorValueRecord as IndicatorValueRecordMapper, ManualProvenance as ManualProvenanceMapper } from '../../indicators/indicatorValueModel';
import { PeriodRecord as PeriodRecordMapper, PeriodVersion as PeriodVersionMapper } from '../../indicators/periodModel';
import { DashboardRowParent as DashboardRowParentMapper } from '../resolvers/indicators';
import { PartyRecord as PartyRecordMapper, PeriodReportRecord as PeriodReportRecordMapper, MovementRecord as MovementRecordMapper, FacilityRecord as FacilityRecordMapper, ProjectRecord as ProjectRecordMapper, VehicleRecord as VehicleRecordMapper, CommunityRecord as CommunityRecordMapper } from '../loaders';
import { PartyAlias as PartyAliasMapper, PartyLicence as PartyLicenceMapper, InstitutionProfile as InstitutionProfileMapper } from '../../model/party';
import { PartyConnectionParent as PartyConnectionParentMapper, PartyEdgeParent as PartyEdgeParentMapper, PeriodReportConnectionParent as PeriodReportConnectionParentMapper, PeriodReportEdgeParent as PeriodReportEdgeParentMapper } from '../resolvers/parties';
import { ReportArea as ReportAreaMapper, ReportLine as ReportLineMapper, ReportMeasure as ReportMeasureMapper } from '../../model/periodReport';
import { MovementConnectionParent as MovementConnectionParentMapper, MovementEdgeParent as MovementEdgeParentMapper, MovementEndParent as MovementEndParentMapper, MovementVehicleParent as MovementVehicleParentMapper, SourceRecordParent as SourceRecordParentMapper } from '../resolvers/movements';
import { MovementRoute as MovementRouteMapper, MovementQuantity as MovementQuantityMapper } from '../../model/movement';
import { PartyRef as PartyRefMapper, StatedMass as StatedMassMapper, GeoPoint as GeoPointMapper } from '../../model/common';
import { OriginalQuantity as OriginalQuantityMapper } from '../../model/quantities';
import { SourceRecordVersion as SourceRecordVersionMapper } from '../../model/sourceRecord';
import { ReferenceItem as ReferenceItemMapper } from '../../model/referenceItem';
import { Street as StreetMapper } from '../../model/reference/streets';
import { JobRun as JobRunMapper } from '../../../jobs/jobRun';
import { SourceParent as SourceParentMapper, SourceStreamParent as SourceStreamParentMapper, SyncRunParent as SyncRunParentMapper, QuarantineParent as QuarantineParentMapper } from '../resolvers/sources';
import { ReconcileRunRecord as ReconcileRunRecordMapper } from '../../reconcile/reconcileRunModel';
import { ResolutionCaseRecord as ResolutionCaseRecordMapper, ResolutionCaseConnectionParent as ResolutionCaseConnectionParentMapper, ResolutionCaseEdgeParent as ResolutionCaseEdgeParentMapper, ResolutionDecisionRecord as ResolutionDecisionRecordMapper } from '../resolvers/resolution';
import { ResolutionEvidence as ResolutionEvidenceMapper } from '../../model/resolutionCase';
import { RuleSetVersionParent as RuleSetVersionParentMapper } from '../resolvers/tolerances';
import { IndicatorInputParent as IndicatorInputParentMapper, ContributionParent as ContributionParentMapper, ContributionConnectionParent as ContributionConnectionParentMapper, ContributionEdgeParent as ContributionEdgeParentMapper } from '../resolvers/lineage';
import { WebhookSubscriptionRecord as WebhookSubscriptionRecordMapper, WebhookDeliveryRecord as WebhookDeliveryRecordMapper, DeliveryAttempt as DeliveryAttemptMapper } from '../../webhooks/models';
import { WebhookDeliveryConnectionParent as WebhookDeliveryConnectionParentMapper, WebhookDeliveryEdgeParent as WebhookDeliveryEdgeParentMapper } from '../resolvers/webhooks';
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
  /** Runs only registered operations (`registerTrustedOperation`); anything else is OPERATION_NOT_TRUSTED. */
  trustedOnly: Scalars['Boolean']['output'];
};

export type Caller = {
  __typename?: 'Caller';
  agency: Agency;
  keyId: Scalars['ID']['output'];
  label: Scalars['String']['output'];
  role: Role;
};

export type ChangeRuleSettingsInput = {
  changes: Array<RuleSettingChange>;
  effectiveFrom: Scalars['String']['input'];
  reason: Scalars['String']['input'];
};

export type Community = {
  __typename?: 'Community';
  communityId: Scalars['String']['output'];
  hazardousCollection?: Maybe<Scalars['Boolean']['output']>;
  households?: Maybe<Scalars['Int']['output']>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  residents?: Maybe<Scalars['Int']['output']>;
  sortedCollection?: Maybe<Scalars['Boolean']['output']>;
  source: Scalars['String']['output'];
  street?: Maybe<Street>;
};

export type CompletenessCalendar = {
  __typename?: 'CompletenessCalendar';
  asOf: Scalars['DateTime']['output'];
  pageInfo: PageInfo;
  period: Scalars['String']['output'];
  /** the periods shown: the days (daily filings in the caller's streams), the months, then quarters, then the year the period covers */
  periods: Array<Scalars['String']['output']>;
  reporters: Array<CompletenessReporterEdge>;
  /** rows matching the filters, all pages */
  totalCount: Scalars['Int']['output'];
  totals: CompletenessCounts;
  totalsByPeriod: Array<CompletenessPeriodTotals>;
};

export type CompletenessCell = {
  __typename?: 'CompletenessCell';
  /** the end of the due day (China Standard Time): received at or after it, with the hub syncing the stream before it, is LATE */
  dueAt: Scalars['DateTime']['output'];
  period: Scalars['String']['output'];
  /** the first version's own time (the reporter's submission), else when the hub first saw it */
  receivedAt?: Maybe<Scalars['DateTime']['output']>;
  status: CompletenessStatus;
};

export type CompletenessCounts = {
  __typename?: 'CompletenessCounts';
  /** all expected cells */
  expected: Scalars['Int']['output'];
  late: Scalars['Int']['output'];
  missing: Scalars['Int']['output'];
  notDue: Scalars['Int']['output'];
  received: Scalars['Int']['output'];
  revised: Scalars['Int']['output'];
};

export type CompletenessPeriodTotals = {
  __typename?: 'CompletenessPeriodTotals';
  period: Scalars['String']['output'];
  totals: CompletenessCounts;
};

export type CompletenessReporter = {
  __typename?: 'CompletenessReporter';
  /** the reporter's cells in the calendar's periods (periods of the kind's cadence only) */
  cells: Array<CompletenessCell>;
  /** the first period the reporter filed this kind (a day for weigh tickets): expected from then on */
  firstPeriod: Scalars['String']['output'];
  /** USCC for organisations, AREA:<name> for econ figures, the facility code for weigh tickets */
  key: Scalars['String']['output'];
  kind: FilingKind;
  label: Scalars['String']['output'];
  stream: Scalars['String']['output'];
  /** street code, when known */
  street?: Maybe<Scalars['String']['output']>;
  totals: CompletenessCounts;
};

export type CompletenessReporterEdge = {
  __typename?: 'CompletenessReporterEdge';
  cursor: Scalars['String']['output'];
  node: CompletenessReporter;
};

export type CompletenessStatus =
  /** first received after its due day, while the hub was already syncing its stream (a file drop, which states no submission time: a successful sync after the due day did not find it) */
  | 'LATE'
  /** due day passed, nothing received */
  | 'MISSING'
  /** nothing received, due day not yet passed */
  | 'NOT_DUE'
  /** received on or before its due day, or its lateness is unknown (the hub was not syncing the stream before the due day: a backfill) */
  | 'RECEIVED'
  /** received (not LATE), then replaced by a new version */
  | 'REVISED';

export type ContributionDocumentKind =
  | 'COMMUNITY'
  | 'MOVEMENT'
  | 'PARTY'
  | 'REPORT';

export type CreateApiKeyInput = {
  agency: Scalars['ID']['input'];
  /** 1 to 100 characters. */
  label?: InputMaybe<Scalars['String']['input']>;
  role: Role;
  trustedOnly?: InputMaybe<Scalars['Boolean']['input']>;
};

export type CreateWebhookSubscriptionInput = {
  events: Array<WebhookEventType>;
  url: Scalars['String']['input'];
};

export type CreatedApiKey = {
  __typename?: 'CreatedApiKey';
  apiKey: ApiKey;
  /** The key itself; store it now, it is not shown again. */
  key: Scalars['String']['output'];
};

export type CreatedWebhookSubscription = {
  __typename?: 'CreatedWebhookSubscription';
  /** HMAC-SHA256 key of the signatures (`whsec_…`); shown once, never again */
  secret: Scalars['String']['output'];
  subscription: WebhookSubscription;
};

export type Dashboard = {
  __typename?: 'Dashboard';
  area: Scalars['String']['output'];
  months: Array<Scalars['String']['output']>;
  rows: Array<DashboardRow>;
  year: Scalars['String']['output'];
};

export type DashboardMonth = {
  __typename?: 'DashboardMonth';
  period: Scalars['String']['output'];
  /** priority indicators with a value in the month */
  valued: Scalars['Int']['output'];
};

export type DashboardMonths = {
  __typename?: 'DashboardMonths';
  /** null when no month has a priority value */
  defaultMonth?: Maybe<Scalars['String']['output']>;
  months: Array<DashboardMonth>;
  /** the number of priority indicators */
  priorityCount: Scalars['Int']['output'];
};

export type DashboardRow = {
  __typename?: 'DashboardRow';
  indicator: Indicator;
  /** One entry per month of the year, null where there is no value. */
  monthly: Array<Maybe<IndicatorValue>>;
  yearValue?: Maybe<IndicatorValue>;
};

export type DecideResolutionCaseInput = {
  /** party id of the candidate, for SAME_ORGANISATION and DIFFERENT_ORGANISATIONS */
  candidate?: InputMaybe<Scalars['ID']['input']>;
  /** the organisation's real USCC, for CORRECT_USCC */
  correctedUscc?: InputMaybe<Scalars['String']['input']>;
  decision: ResolutionDecisionKind;
  reason: Scalars['String']['input'];
};

export type EmbeddedServer = {
  __typename?: 'EmbeddedServer';
  name: Scalars['String']['output'];
  pid: Scalars['Int']['output'];
  url: Scalars['String']['output'];
};

export type Facility = {
  __typename?: 'Facility';
  annualCapacityGrams?: Maybe<Scalars['Grams']['output']>;
  code: Scalars['String']['output'];
  dailyCapacityGrams?: Maybe<Scalars['Grams']['output']>;
  id: Scalars['ID']['output'];
  /** False for facilities outside the district. */
  inDistrict: Scalars['Boolean']['output'];
  location?: Maybe<GeoPoint>;
  name: Scalars['String']['output'];
  operator?: Maybe<Party>;
  source: Scalars['String']['output'];
  statedOperator?: Maybe<PartyRef>;
  stream: Scalars['String']['output'];
  street?: Maybe<Street>;
  type: FacilityType;
};

export type FacilityType =
  | 'BACKFILL'
  | 'DISPOSAL_SITE'
  | 'FOOD_WASTE_PLANT'
  | 'HAZARDOUS_COLLECTION'
  | 'HW_TREATMENT'
  | 'INCINERATOR'
  | 'LANDFILL'
  | 'MEDICAL_DISPOSAL'
  | 'OTHER'
  | 'RECYCLING_PLANT'
  | 'SORTING_CENTER'
  | 'TRANSFER_STATION';

export type FilingKind =
  /** 经济指标, monthly per district or street (taxstat econ) */
  | 'ECON'
  /** 环境统计年报, annual (taxstat envstat) */
  | 'ENV_STAT'
  /** 环境保护税申报, quarterly (taxstat envtax) */
  | 'ENV_TAX'
  /** 一般工业固废月台账, monthly (industrial platform) */
  | 'GENERAL_LEDGER'
  /** 危险废物月台账, monthly (industrial platform) */
  | 'HW_LEDGER'
  /** 医疗废物登记, monthly per registered medical institution (medical drop ledgers/<USCC>/<YYYY-MM>) */
  | 'MEDICAL_LEDGER'
  /** 医疗废物接收记录, monthly per central disposer (medical drop receipts/<USCC>/<YYYY-MM>) */
  | 'MEDICAL_RECEIPTS'
  /** 称重记录, daily per transfer station, incinerator and food-waste plant of the household registry (household weigh-tickets) */
  | 'WEIGH_TICKETS';

export type Flag = {
  __typename?: 'Flag';
  assignee?: Maybe<FlagActor>;
  /** Set while the rule no longer raises the flag. */
  closedByEngineAt?: Maybe<Scalars['DateTime']['output']>;
  comments: Array<FlagComment>;
  /** Agencies the flag was escalated to, in order. */
  escalatedTo: Array<Agency>;
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
  | 'ESCALATED'
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
  /**
   * The source records this side was read from, with their raw payloads (lineage). Records of streams
   * outside the caller's are left out; PARTNERs get FORBIDDEN (they see the aggregates, not the records).
   */
  records: Array<SourceRecord>;
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

export type FlowLink = {
  __typename?: 'FlowLink';
  grams: Scalars['Grams']['output'];
  source: Scalars['ID']['output'];
  target: Scalars['ID']['output'];
};

export type FlowNode = {
  __typename?: 'FlowNode';
  id: Scalars['ID']['output'];
  label: Scalars['String']['output'];
};

export type Flows = {
  __typename?: 'Flows';
  links: Array<FlowLink>;
  nodes: Array<FlowNode>;
  period: Scalars['String']['output'];
  stream: Scalars['String']['output'];
};

export type GeoPoint = {
  __typename?: 'GeoPoint';
  lat: Scalars['Float']['output'];
  lon: Scalars['Float']['output'];
};

export type Health = {
  __typename?: 'Health';
  /** Servers this process started itself (the embedded default), with their URLs; ADMIN only. */
  embedded: Array<EmbeddedServer>;
  mongo: Scalars['Boolean']['output'];
  redis: Scalars['Boolean']['output'];
  uptimeSeconds: Scalars['Int']['output'];
  /** Node.js version the hub runs on. */
  version: Scalars['String']['output'];
};

export type Indicator = {
  __typename?: 'Indicator';
  /** DISTRICT and/or STREET. */
  areaLevels: Array<Scalars['String']['output']>;
  category: Scalars['String']['output'];
  code: Scalars['ID']['output'];
  /** Computed from the sources; otherwise steward-entered (`setIndicatorInput`). */
  computable: Scalars['Boolean']['output'];
  direction: IndicatorDirection;
  formula: Scalars['String']['output'];
  /** Current values, oldest first, for an area (default DISTRICT) and a period kind (default MONTH). */
  history: Array<IndicatorValue>;
  inputs: Array<Scalars['String']['output']>;
  nameEn: Scalars['String']['output'];
  nameZh: Scalars['String']['output'];
  notes?: Maybe<Scalars['String']['output']>;
  /** Number in the pilot's table (1…37, S1…S6); null for the hub's own. */
  number?: Maybe<Scalars['String']['output']>;
  periodKinds: Array<PeriodKind>;
  priority: Scalars['Boolean']['output'];
  sourceLines: Scalars['String']['output'];
  statusScale?: Maybe<Array<Scalars['String']['output']>>;
  subcategory: Scalars['String']['output'];
  target?: Maybe<IndicatorTarget>;
  type: IndicatorType;
  unit: Scalars['String']['output'];
  /** RATIO, TONNES, INTENSITY, PER_CAPITA, COUNT, NUMBER or STATUS. */
  valueKind: Scalars['String']['output'];
};


export type IndicatorHistoryArgs = {
  area?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  periodKind?: InputMaybe<PeriodKind>;
};

export type IndicatorContribution = {
  __typename?: 'IndicatorContribution';
  /** in the input's unit, exact */
  amount: Scalars['String']['output'];
  documentId: Scalars['ID']['output'];
  documentKind: ContributionDocumentKind;
  /** under an open flag when the value was computed */
  flagged: Scalars['Boolean']['output'];
  /** a steward's golden value replaced the source's statement */
  goldenApplied: Scalars['Boolean']['output'];
  /** the month whose pass counted it */
  month: Scalars['String']['output'];
  movement?: Maybe<Movement>;
  report?: Maybe<PeriodReport>;
  /** `<stream>/<kind>`, as in IndicatorInput.sources */
  source: Scalars['String']['output'];
  /** the source records the document was built from, with their raw payloads */
  sourceRecords: Array<SourceRecord>;
  stream: Scalars['String']['output'];
};

export type IndicatorContributionConnection = {
  __typename?: 'IndicatorContributionConnection';
  edges: Array<IndicatorContributionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type IndicatorContributionEdge = {
  __typename?: 'IndicatorContributionEdge';
  cursor: Scalars['String']['output'];
  node: IndicatorContribution;
};

export type IndicatorDirection =
  | 'CAP'
  | 'DOWN'
  | 'QUALITATIVE'
  | 'STABLE'
  | 'TO_FULL'
  | 'UP'
  | 'ZERO';

export type IndicatorInput = {
  __typename?: 'IndicatorInput';
  amount: Scalars['String']['output'];
  /** What made up this input, ordered by document id (lineage.graphql). Empty for manual values. */
  contributions: IndicatorContributionConnection;
  flagged: Scalars['String']['output'];
  from: Scalars['String']['output'];
  goldenApplied: Scalars['Int']['output'];
  name: Scalars['String']['output'];
  records: Scalars['Int']['output'];
  sources: Array<Scalars['String']['output']>;
  /** g, fen, person_day or count. */
  unit: Scalars['String']['output'];
};


export type IndicatorInputContributionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type IndicatorTarget = {
  __typename?: 'IndicatorTarget';
  kind: TargetKind;
  max?: Maybe<Scalars['String']['output']>;
  min?: Maybe<Scalars['String']['output']>;
  note?: Maybe<Scalars['String']['output']>;
  /** ANY, or YEAR for annual caps judged on the year value only. */
  scope: Scalars['String']['output'];
  /** SEED_000_2027 (district plan) or DIGEST_2020 (pilot's target, used where the plan sets none). */
  source: Scalars['String']['output'];
  status?: Maybe<Scalars['String']['output']>;
  strict?: Maybe<Scalars['Boolean']['output']>;
  text: Scalars['String']['output'];
  /** AT_LEAST / AT_MOST threshold. */
  value?: Maybe<Scalars['String']['output']>;
  year: Scalars['Int']['output'];
};

export type IndicatorType =
  | 'HUB'
  | 'MANDATORY'
  | 'OPTIONAL'
  | 'SELF_SELECTED';

export type IndicatorValue = {
  __typename?: 'IndicatorValue';
  area: Scalars['String']['output'];
  code: Scalars['ID']['output'];
  /** When the value last changed: a recompute that finds it unchanged leaves it (and computedBy) as they were. */
  computedAt: Scalars['DateTime']['output'];
  /** Who ran the computation that last changed the value. */
  computedBy: Scalars['String']['output'];
  /** 1 − openFlagShare. */
  confidence: Scalars['String']['output'];
  current: Scalars['Boolean']['output'];
  denominator?: Maybe<Scalars['String']['output']>;
  denominatorUnit?: Maybe<Scalars['String']['output']>;
  frozenAt?: Maybe<Scalars['DateTime']['output']>;
  /** Golden values (resolved flags) used instead of a source's statement. */
  goldenApplied: Scalars['Int']['output'];
  indicator: Indicator;
  inputs: Array<IndicatorInput>;
  /** Steward-entered value with its provenance. */
  manual?: Maybe<ManualProvenance>;
  numerator?: Maybe<Scalars['String']['output']>;
  numeratorUnit?: Maybe<Scalars['String']['output']>;
  /** Share of the input mass under open flags. */
  openFlagShare: Scalars['String']['output'];
  period: Scalars['String']['output'];
  periodKind: PeriodKind;
  previous?: Maybe<PreviousComparison>;
  target: TargetComparison;
  /** Exact decimal; null when the denominator is zero. */
  value?: Maybe<Scalars['String']['output']>;
  /** 0 = live; 1…N = frozen versions of a closed month. */
  version: Scalars['Int']['output'];
};

export type InstitutionProfile = {
  __typename?: 'InstitutionProfile';
  beds?: Maybe<Scalars['Int']['output']>;
  /** 医院 / 社区卫生服务中心 / 门诊部 / 诊所 / 其他. */
  category?: Maybe<Scalars['String']['output']>;
  /** DIRECT (直收) or POOLED (小箱进大箱). */
  collectionMode?: Maybe<Scalars['String']['output']>;
};

export type IssuedToken = {
  __typename?: 'IssuedToken';
  expiresAt: Scalars['DateTime']['output'];
  /** Send as `Authorization: Bearer <token>`. */
  token: Scalars['String']['output'];
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

export type Licence = {
  __typename?: 'Licence';
  annualCapacityGrams?: Maybe<Scalars['Grams']['output']>;
  hwClasses: Array<Scalars['String']['output']>;
  kind: LicenceKind;
  number: Scalars['String']['output'];
  validFrom?: Maybe<Scalars['DateTime']['output']>;
  validTo?: Maybe<Scalars['DateTime']['output']>;
};

export type LicenceKind =
  | 'HW_BUSINESS'
  | 'MEDICAL_PRACTICE'
  | 'OTHER'
  | 'TRANSPORT_PERMIT';

export type ManualProvenance = {
  __typename?: 'ManualProvenance';
  enteredAt: Scalars['DateTime']['output'];
  enteredBy: Scalars['String']['output'];
  reason: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

export type Movement = {
  __typename?: 'Movement';
  arrivedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Source facts with no field of their own (e.g. the receiver's licence number on a manifest). */
  attributes: Scalars['JSON']['output'];
  /** The resolved transporter / hauler. */
  carrier?: Maybe<Party>;
  /** The category from the stream's reference table; null when the record states none or an unknown code. */
  category?: Maybe<WasteCategory>;
  /** The category code as stated. */
  categoryCode?: Maybe<Scalars['String']['output']>;
  departedAt?: Maybe<Scalars['DateTime']['output']>;
  /** IN / OUT for weigh tickets. */
  direction?: Maybe<Scalars['String']['output']>;
  from: MovementEnd;
  hwClass?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  kind: MovementKind;
  /** The other half of a weigh-ticket pair. */
  linkedMovements: Array<Movement>;
  packages?: Maybe<Scalars['Int']['output']>;
  /** Month of departure, YYYY-MM (CST). */
  period: Scalars['String']['output'];
  physicalForm?: Maybe<Scalars['String']['output']>;
  /** Each source's statement of the quantity, as stated; reconciliation compares them, never overwrites them. */
  quantities: Array<StatedQuantity>;
  route?: Maybe<MovementRoute>;
  /** The source's number: manifest 联单号, waybill no., ticket no. */
  sourceKey: Scalars['String']['output'];
  /** Every record the movement was built from. */
  sourceRecords: Array<SourceRecord>;
  /** The transporter as the source stated it. */
  statedCarrier?: Maybe<PartyRef>;
  status: MovementStatus;
  /** The source's own status code. */
  statusRaw?: Maybe<Scalars['String']['output']>;
  stream: Scalars['String']['output'];
  to: MovementEnd;
  vehicle?: Maybe<MovementVehicle>;
  /** HW 8-digit code or catalogue code. */
  wasteCode?: Maybe<Scalars['String']['output']>;
};

export type MovementConnection = {
  __typename?: 'MovementConnection';
  edges: Array<MovementEdge>;
  pageInfo: PageInfo;
  /** Counted only when selected. */
  totalCount: Scalars['Int']['output'];
};

export type MovementEdge = {
  __typename?: 'MovementEdge';
  cursor: Scalars['String']['output'];
  node: Movement;
};

/** One end of a movement: a party, a facility, a project or a street, as the source gave it. */
export type MovementEnd = {
  __typename?: 'MovementEnd';
  facility?: Maybe<Facility>;
  facilityCode?: Maybe<Scalars['String']['output']>;
  /** The resolved party; null while unresolved or when the end is not a party. */
  party?: Maybe<Party>;
  project?: Maybe<Project>;
  projectCode?: Maybe<Scalars['String']['output']>;
  /** The party as the source stated it. */
  statedParty?: Maybe<PartyRef>;
  /** Household IN tickets: the street collected from. */
  street?: Maybe<Street>;
};

export type MovementFilter = {
  /** Category codes as in `wasteCategories` (household, construction, medical). */
  category?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Movements leaving or entering this facility (facility id). */
  facility?: InputMaybe<Scalars['ID']['input']>;
  kind?: InputMaybe<Array<MovementKind>>;
  /** Movements the party sent, carried or received (resolved party id). */
  party?: InputMaybe<Scalars['ID']['input']>;
  /** YYYY-MM, YYYYQn or YYYY: the movements departing in the months it covers. */
  period?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<Array<MovementStatus>>;
  /** Stream names as in `Agency.streams`; streams outside the caller's are left out. Unknown names are BAD_USER_INPUT. */
  stream?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Movements whose sender, carrier or receiver the sources stated with this USCC (validated, check character included). */
  uscc?: InputMaybe<Scalars['String']['input']>;
  /** HW or catalogue waste codes. */
  wasteCode?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type MovementKind =
  | 'CDW_WAYBILL'
  | 'HW_MANIFEST'
  | 'MEDICAL_HANDOVER'
  | 'WEIGH_TICKET';

export type MovementRoute = {
  __typename?: 'MovementRoute';
  /** HW 利用处置方式 (R/D/C codes) or the medical 处置方式. */
  code: Scalars['String']['output'];
  incineration: Scalars['Boolean']['output'];
  kind?: Maybe<RouteKind>;
  landfill: Scalars['Boolean']['output'];
};

export type MovementStatus =
  | 'CLOSED'
  | 'IN_TRANSIT'
  | 'OPEN'
  | 'RECEIVED'
  | 'VOIDED';

export type MovementVehicle = {
  __typename?: 'MovementVehicle';
  /** Normalised plate. */
  plate: Scalars['String']['output'];
  /** The registered vehicle; null when the plate is not registered. */
  registered?: Maybe<Vehicle>;
};

export type Mutation = {
  __typename?: 'Mutation';
  acknowledgeFlag: Flag;
  /** Bulk forms: each id gets its own result (the flag, or the error that refused it), in order. */
  acknowledgeFlags: Array<FlagActionResult>;
  /** Assigns the flag to a STEWARD or ADMIN key that may act on it; `assignee: null` unassigns. */
  assignFlag: Flag;
  assignFlags: Array<FlagActionResult>;
  /**
   * A new version from `effectiveFrom` (the first day of a month, `YYYY-MM-01`): the settings in force that
   * day with `changes` applied. BAD_USER_INPUT for an unknown rule, a negative tolerance, a date that is
   * not a month's first day, no changes or an empty reason; nothing is stored then.
   */
  changeRuleSettings: RuleSetVersion;
  /** Closes a month (or re-closes it after late data) on the worker; returns the job. */
  closePeriod: Job;
  commentOnFlag: Flag;
  commentOnFlags: Array<FlagActionResult>;
  /** Recomputes the indicators of a period (month, quarter or year) on the worker; returns the job. */
  computeIndicators: Job;
  /** Creates an API key. The key is in the payload once and never again. */
  createApiKey: CreatedApiKey;
  /**
   * Subscribes `url` (http or https, no credentials in it) to `events`. The answer carries the signing
   * secret, shown this once. At most 20 live subscriptions per key.
   */
  createWebhookSubscription: CreatedWebhookSubscription;
  /**
   * Decides a case. SAME_ORGANISATION merges the case's party into `candidate`; DIFFERENT_ORGANISATIONS
   * keeps them apart (the case stays OPEN until every candidate is answered or one matches);
   * CORRECT_USCC gives the source alias the organisation's real USCC (`correctedUscc`) and merges it into
   * the party that holds that USCC, if any. Errors: NOT_FOUND (unknown case), CONFLICT (case already
   * DECIDED, or a USCC correction on a party other sources also name), BAD_USER_INPUT (missing candidate
   * or USCC, a party that is not a candidate, an invalid USCC, an empty reason). Nothing changes on error.
   */
  decideResolutionCase: ResolutionCase;
  /** Deletes a subscription: no new deliveries; queued ones end DEAD. The delivery log stays. */
  deleteWebhookSubscription: WebhookSubscription;
  dismissFlag: Flag;
  dismissFlags: Array<FlagActionResult>;
  /**
   * Escalates a flag to `agency` (an agency code, see `agencies`). Errors: NOT_FOUND (unknown flag),
   * FORBIDDEN (the caller may not act on the flag), BAD_USER_INPUT (unknown agency, empty reason),
   * CONFLICT (the flag is RESOLVED or DISMISSED, or already escalated to that agency).
   */
  escalateFlag: Flag;
  /**
   * A short-lived bearer token for the calling key (default 15 minutes, at most 1 hour), to hand to a
   * front end instead of the key; revoking the key ends its tokens.
   */
  issueToken: IssuedToken;
  /**
   * Sends a SUCCEEDED or DEAD delivery again: a new round of attempts with the same event id. A delivery
   * still PENDING or RETRYING is CONFLICT; one of a deleted subscription is NOT_FOUND.
   */
  redeliverWebhook: WebhookDelivery;
  /** Registers an operation (its exact text) that `trustedOnly` keys may run; returns it with its SHA-256 hash. */
  registerTrustedOperation: TrustedOperation;
  reopenFlag: Flag;
  reopenFlags: Array<FlagActionResult>;
  /** Resolves with a golden value: one side accepted, or a corrected value; always with a reason. */
  resolveFlag: Flag;
  resolveFlags: Array<FlagActionResult>;
  /**
   * Processes the open quarantine entries of a source (and stream) again, after a fix. Records the mapping
   * rejected are mapped again from their stored payloads and projected now; entries still failing stay
   * open with their new reason. Records the connector rejected (parsing, validation) need the source read
   * again: one full sync job per such source is queued (`resyncJobId`). BAD_USER_INPUT for an unknown
   * source; a sync of the source already running is CONFLICT.
   */
  retryQuarantine: Array<QuarantineRetry>;
  revokeApiKey: ApiKey;
  /** Enqueues a job now. `source` is for sync (a source id or `all`); `period` (YYYY-MM) for the others. */
  runJob: Job;
  /**
   * Enqueues a 'reconcile' job for `period` (YYYY-MM, YYYYQn or YYYY): full when `full` is true, else
   * incremental (only what changed since the last run). Returns the job id (see `job(jobId)`).
   */
  runReconciliation: Scalars['ID']['output'];
  /** A steward's value for an indicator the sources cannot compute, with the reason; append-only history. */
  setIndicatorInput: IndicatorValue;
  /** Enqueues a sync of one source (or `all`); returns the job id (see `job(jobId)`). */
  triggerSync: Scalars['ID']['output'];
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


export type MutationChangeRuleSettingsArgs = {
  input: ChangeRuleSettingsInput;
};


export type MutationClosePeriodArgs = {
  period: Scalars['String']['input'];
};


export type MutationCommentOnFlagArgs = {
  id: Scalars['ID']['input'];
  text: Scalars['String']['input'];
};


export type MutationCommentOnFlagsArgs = {
  ids: Array<Scalars['ID']['input']>;
  text: Scalars['String']['input'];
};


export type MutationComputeIndicatorsArgs = {
  period: Scalars['String']['input'];
};


export type MutationCreateApiKeyArgs = {
  input: CreateApiKeyInput;
};


export type MutationCreateWebhookSubscriptionArgs = {
  input: CreateWebhookSubscriptionInput;
};


export type MutationDecideResolutionCaseArgs = {
  id: Scalars['ID']['input'];
  input: DecideResolutionCaseInput;
};


export type MutationDeleteWebhookSubscriptionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDismissFlagArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


export type MutationDismissFlagsArgs = {
  ids: Array<Scalars['ID']['input']>;
  reason: Scalars['String']['input'];
};


export type MutationEscalateFlagArgs = {
  agency: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


export type MutationIssueTokenArgs = {
  ttlSeconds?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationRedeliverWebhookArgs = {
  deliveryId: Scalars['ID']['input'];
};


export type MutationRegisterTrustedOperationArgs = {
  document: Scalars['String']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
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


export type MutationRetryQuarantineArgs = {
  source?: InputMaybe<Scalars['String']['input']>;
  stream?: InputMaybe<Scalars['String']['input']>;
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


export type MutationRunReconciliationArgs = {
  full?: InputMaybe<Scalars['Boolean']['input']>;
  period: Scalars['String']['input'];
};


export type MutationSetIndicatorInputArgs = {
  area?: InputMaybe<Scalars['String']['input']>;
  code: Scalars['ID']['input'];
  period: Scalars['String']['input'];
  reason: Scalars['String']['input'];
  value: Scalars['String']['input'];
};


export type MutationTriggerSyncArgs = {
  full?: InputMaybe<Scalars['Boolean']['input']>;
  source: Scalars['String']['input'];
};

/** A value with its unit exactly as the source wrote it. */
export type OriginalQuantity = {
  __typename?: 'OriginalQuantity';
  unit: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

/** Relay page information; cursors are opaque. */
export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

export type Party = {
  __typename?: 'Party';
  /** 规模以上. */
  aboveDesignatedSize?: Maybe<Scalars['Boolean']['output']>;
  address?: Maybe<Scalars['String']['output']>;
  /** How each source names the party. */
  aliases: Array<PartyAlias>;
  /** Flags about the party (by USCC) within the caller's streams, worst first. */
  flags: FlagConnection;
  id: Scalars['ID']['output'];
  /** GB/T 4754 industry code. */
  industryCode?: Maybe<Scalars['String']['output']>;
  institution?: Maybe<InstitutionProfile>;
  licences: Array<Licence>;
  mergedInto?: Maybe<Party>;
  /** Movements the party sent, carried or received, within the caller's streams; newest month first. */
  movements: MovementConnection;
  name: Scalars['String']['output'];
  /** USCC:<code>, or SRC:<source>:<key> of its first alias when it has no valid USCC. */
  primaryKey: Scalars['String']['output'];
  /**
   * What the sources report about the party, within the caller's streams; `period` (YYYY-MM, YYYYQn or
   * YYYY) keeps reports covering any of its months. Newest year first; within a year quarters, then
   * months, then the annual report (period keys in descending text order).
   */
  reports: PeriodReportConnection;
  roles: Array<PartyRole>;
  /** The records the party was built from, within the caller's streams. */
  sourceRecords: Array<SourceRecord>;
  status: PartyStatus;
  street?: Maybe<Street>;
  /** Null when no source gave a valid USCC. */
  uscc?: Maybe<Scalars['String']['output']>;
};


export type PartyFlagsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<FlagFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type PartyMovementsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<MovementFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type PartyReportsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  kind?: InputMaybe<Array<ReportKind>>;
  period?: InputMaybe<Scalars['String']['input']>;
};

export type PartyAlias = {
  __typename?: 'PartyAlias';
  firstSeenAt: Scalars['DateTime']['output'];
  lastSeenAt: Scalars['DateTime']['output'];
  name: Scalars['String']['output'];
  source: Scalars['String']['output'];
  /** The source's own key for the party (id, USCC or name). */
  sourceKey: Scalars['String']['output'];
  street?: Maybe<Street>;
  /** The USCC as the source wrote it, valid or not. */
  usccRaw?: Maybe<Scalars['String']['output']>;
  usccValid: Scalars['Boolean']['output'];
};

export type PartyConnection = {
  __typename?: 'PartyConnection';
  edges: Array<PartyEdge>;
  pageInfo: PageInfo;
  /** Counted only when selected. */
  totalCount: Scalars['Int']['output'];
};

export type PartyEdge = {
  __typename?: 'PartyEdge';
  cursor: Scalars['String']['output'];
  node: Party;
};

export type PartyFilter = {
  /**
   * Part of the name, matched after normalisation (full/half width, brackets, spaces, 有限责任公司 =
   * 有限公司) against the party's name and every source's alias.
   */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Parties having any of these roles. */
  role?: InputMaybe<Array<PartyRole>>;
  /** Default: ACTIVE and PENDING (merged parties are found through the party they merged into). */
  status?: InputMaybe<Array<PartyStatus>>;
  /** Street code or name (八角, 八角街道, BAJIAO); an unknown street is BAD_USER_INPUT. */
  street?: InputMaybe<Scalars['String']['input']>;
  /** Exact USCC (18 characters, check character validated; full-width and spaces folded). A malformed one is BAD_USER_INPUT. */
  uscc?: InputMaybe<Scalars['String']['input']>;
};

/** A party as a record stated it (the USCC as written, valid or not). */
export type PartyRef = {
  __typename?: 'PartyRef';
  name?: Maybe<Scalars['String']['output']>;
  uscc?: Maybe<Scalars['String']['output']>;
};

export type PartyRole =
  | 'BUILDER'
  | 'DISPOSER'
  | 'FACILITY_OPERATOR'
  | 'GENERATOR'
  | 'HAULER'
  | 'HOSPITAL'
  | 'LICENSED_OPERATOR'
  | 'RECYCLER'
  | 'TAXPAYER'
  | 'TRANSPORTER'
  | 'UTILISER';

/** ACTIVE: resolved. PENDING: awaiting a steward's decision. MERGED: matched into another party (`mergedInto`). */
export type PartyStatus =
  | 'ACTIVE'
  | 'MERGED'
  | 'PENDING';

export type PartyTotal = {
  __typename?: 'PartyTotal';
  grams: Scalars['Grams']['output'];
  name?: Maybe<Scalars['String']['output']>;
  partyId?: Maybe<Scalars['ID']['output']>;
  uscc?: Maybe<Scalars['String']['output']>;
};

export type Period = {
  __typename?: 'Period';
  dirty: Scalars['Boolean']['output'];
  lastClosedAt?: Maybe<Scalars['DateTime']['output']>;
  lateRecords: Scalars['Int']['output'];
  period: Scalars['String']['output'];
  status: PeriodStatus;
  versions: Array<PeriodVersion>;
};

export type PeriodKind =
  | 'MONTH'
  | 'QUARTER'
  | 'YEAR';

/** What one source states about a party or an area for a period. */
export type PeriodReport = {
  __typename?: 'PeriodReport';
  area?: Maybe<ReportArea>;
  attributes: Scalars['JSON']['output'];
  category?: Maybe<Scalars['String']['output']>;
  categoryName?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  kind: ReportKind;
  /** Masses, one per measure (GENERATED, UTILISED, …). */
  lines: Array<ReportLine>;
  /** Money (fen), people (persons), tax rates (fen per tonne). */
  measures: Array<ReportMeasure>;
  months: Array<Scalars['String']['output']>;
  packages?: Maybe<Scalars['Int']['output']>;
  party?: Maybe<Party>;
  /** 2026-10, 2026Q3 or 2026. */
  period: Scalars['String']['output'];
  /** MONTH, QUARTER or YEAR. */
  periodKind: Scalars['String']['output'];
  reportKey: Scalars['String']['output'];
  source: Scalars['String']['output'];
  sourceRecords: Array<SourceRecord>;
  statedParty?: Maybe<PartyRef>;
  stream: Scalars['String']['output'];
};

export type PeriodReportConnection = {
  __typename?: 'PeriodReportConnection';
  edges: Array<PeriodReportEdge>;
  pageInfo: PageInfo;
  /** Counted only when selected. */
  totalCount: Scalars['Int']['output'];
};

export type PeriodReportEdge = {
  __typename?: 'PeriodReportEdge';
  cursor: Scalars['String']['output'];
  node: PeriodReport;
};

export type PeriodStatus =
  | 'CLOSED'
  | 'OPEN';

export type PeriodVersion = {
  __typename?: 'PeriodVersion';
  closedAt: Scalars['DateTime']['output'];
  closedBy: Scalars['String']['output'];
  indicatorValues: Scalars['Int']['output'];
  lateRecords: Scalars['Int']['output'];
  version: Scalars['Int']['output'];
};

export type PreviousComparison = {
  __typename?: 'PreviousComparison';
  change?: Maybe<Scalars['String']['output']>;
  period: Scalars['String']['output'];
  value?: Maybe<Scalars['String']['output']>;
};

export type Project = {
  __typename?: 'Project';
  /** Quantity approved for removal. */
  approved?: Maybe<StatedMass>;
  builder?: Maybe<Party>;
  endDate?: Maybe<Scalars['DateTime']['output']>;
  /** Floor area in m² as stated. */
  floorArea?: Maybe<OriginalQuantity>;
  id: Scalars['ID']['output'];
  kind?: Maybe<ProjectKind>;
  location?: Maybe<GeoPoint>;
  name: Scalars['String']['output'];
  permitNo?: Maybe<Scalars['String']['output']>;
  projectCode: Scalars['String']['output'];
  source: Scalars['String']['output'];
  startDate?: Maybe<Scalars['DateTime']['output']>;
  statedBuilder?: Maybe<PartyRef>;
  street?: Maybe<Street>;
};

export type ProjectKind =
  | 'DEMOLITION'
  | 'MUNICIPAL'
  | 'NEW_BUILD'
  | 'PREFAB'
  | 'RENOVATION';

/**
 * Who states the quantity: DECLARED (manifest 移出量), RECEIVED (manifest 接收量), LEDGER (hospital ledger
 * row), RECEIPT (disposer receipt), EXIT / ENTRY (waybill weighings), GROSS / TARE / NET (weigh ticket).
 */
export type QuantityRole =
  | 'DECLARED'
  | 'ENTRY'
  | 'EXIT'
  | 'GROSS'
  | 'LEDGER'
  | 'NET'
  | 'RECEIPT'
  | 'RECEIVED'
  | 'TARE';

export type QuarantineConnection = {
  __typename?: 'QuarantineConnection';
  edges: Array<QuarantineEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type QuarantineCounts = {
  __typename?: 'QuarantineCounts';
  open: Scalars['Int']['output'];
  resolved: Scalars['Int']['output'];
};

export type QuarantineEdge = {
  __typename?: 'QuarantineEdge';
  cursor: Scalars['String']['output'];
  node: QuarantineEntry;
};

export type QuarantineEntry = {
  __typename?: 'QuarantineEntry';
  attempts: Scalars['Int']['output'];
  firstSeenAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  lastSeenAt: Scalars['DateTime']['output'];
  /** the record as received */
  raw?: Maybe<Scalars['JSON']['output']>;
  reason: Scalars['String']['output'];
  resolvedAt?: Maybe<Scalars['DateTime']['output']>;
  source: Scalars['String']['output'];
  sourceKey: Scalars['String']['output'];
  stream: Scalars['String']['output'];
};

export type QuarantineFilter = {
  /** text the reason contains */
  reason?: InputMaybe<Scalars['String']['input']>;
  resolved?: InputMaybe<Scalars['Boolean']['input']>;
  source?: InputMaybe<Scalars['String']['input']>;
  stream?: InputMaybe<Scalars['String']['input']>;
};

export type QuarantineRetry = {
  __typename?: 'QuarantineRetry';
  /** parsing / validation rejects, retried by the queued full sync */
  connectorRejects: Scalars['Int']['output'];
  /** open entries when the retry started */
  open: Scalars['Int']['output'];
  /** mapping rejects mapped again from their stored records */
  remapped: Scalars['Int']['output'];
  resolved: Scalars['Int']['output'];
  /** the full sync queued for connector rejects, if any */
  resyncJobId?: Maybe<Scalars['ID']['output']>;
  source: Scalars['String']['output'];
  stillOpen: Scalars['Int']['output'];
  stream: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** The agencies callers and stewards belong to. */
  agencies: Array<Agency>;
  /** Every API key (never their secrets). */
  apiKeys: Array<ApiKey>;
  /** Registered communities (社区/小区), optionally of one street (code or name; an unknown street is BAD_USER_INPUT). */
  communities: Array<Community>;
  /**
   * The calendar for `period` (YYYY-MM, YYYYQn or YYYY; a quarter or year includes its months, and a year its
   * quarters; a month stands for its days for daily filings): one row per reporter and kind of filing, paged by `first`/`after`; totals cover every row
   * matching the filters, not only the page. `stream` narrows to one of the caller's streams; `street` is a
   * street code. `asOf` (default now) is the instant the status is judged at.
   * Errors: BAD_USER_INPUT (bad period, unknown stream or street, `first` out of range, bad cursor).
   */
  completeness: CompletenessCalendar;
  /**
   * A dashboard year page: the priority indicators (or `codes`) with the year value and 12 monthly values, in
   * one request. `year` defaults to the year of the month the dashboard opens on (`dashboardMonths.defaultMonth`).
   */
  dashboard: Dashboard;
  /**
   * The months a dashboard may show for an area (default DISTRICT), oldest first, each with how many priority
   * indicators have a value, and the month it opens on: the latest month as fully covered as any
   * (src/indicators/dashboardMonth.ts), so a month a month-end sync has only just opened is not the default.
   */
  dashboardMonths: DashboardMonths;
  facility: Facility;
  /** One flag by id or key. */
  flag: Flag;
  /** Flags matching the filter, worst severity first, then newest; with facet counts. */
  flags: FlagConnection;
  /** Flows of a period for a Sankey chart (generation → utilisation / disposal / landfill / storage); stream: industrial-general, industrial-hw, household, construction, medical. */
  flows: Flows;
  /** Liveness of the hub and its stores. */
  health: Health;
  /** One indicator with its history. */
  indicator?: Maybe<Indicator>;
  /** Every indicator definition (priority ones first when `priorityOnly`). */
  indicatorDefinitions: Array<Indicator>;
  /**
   * Values of every indicator for a period and area (default DISTRICT): the latest frozen version of a
   * closed month, the live value otherwise; `version` picks a frozen version (0 = the live value).
   */
  indicators: Array<IndicatorValue>;
  job?: Maybe<Job>;
  /** Job history, newest first. */
  jobs: JobConnection;
  /** The caller the presented API key stands for. */
  me: Caller;
  /** One movement. NOT_FOUND when it does not exist, FORBIDDEN when its stream is outside the caller's. */
  movement: Movement;
  /**
   * Movements matching the filter within the caller's streams, newest month first (then newest first).
   * `first` defaults to 50 and may not exceed API_MAX_PAGE_SIZE. Without a filter beyond `stream`, pages
   * and `totalCount` come from the movement lists the sync keeps (a few reads by id whatever the store);
   * any other filter, or a list a write has left stale, takes an index-served query (slow on the embedded
   * store, which reads the whole collection for it). Both give the same order and accept each other's cursors.
   */
  movements: MovementConnection;
  /**
   * Parties matching the search, by normalised name (then id). All filters combine with AND.
   * `first` defaults to 50 and may not exceed API_MAX_PAGE_SIZE.
   */
  parties: PartyConnection;
  /** One party. NOT_FOUND when it does not exist; BAD_USER_INPUT when `id` is not a 24-hex-digit id. */
  party: Party;
  /** Monthly close state and versions, newest month first. */
  periods: Array<Period>;
  project: Project;
  /** Quarantined records, most recently seen first. */
  quarantine: QuarantineConnection;
  /** Run history, newest first. */
  reconcileRuns: ReconcileRunConnection;
  /** One case. NOT_FOUND when it does not exist; FORBIDDEN when its source lies outside the caller's streams. */
  resolutionCase: ResolutionCase;
  /**
   * Cases, oldest opened first. All filters combine with AND. `first` defaults to 50 and may not exceed
   * API_MAX_PAGE_SIZE.
   */
  resolutionCases: ResolutionCaseConnection;
  /** The version in force for a period (`YYYY-MM`, `YYYYQn`, `YYYY`). BAD_USER_INPUT for a malformed period. */
  ruleSetInForce: RuleSetVersion;
  /** Every version, oldest first (code versions, then those made through the API in order). */
  ruleSetVersions: Array<RuleSetVersion>;
  /** Every source the hub knows, configured or not, with health, freshness and counts. */
  sources: Array<Source>;
  /** The district's streets (街道), in the district's order. */
  streets: Array<Street>;
  /** Sync runs, newest first. */
  syncRuns: SyncRunConnection;
  /** The largest parties of a stream by a measure over a period (industrial: GENERAL_GENERATED, HW_GENERATED, HW_SHIPPED; construction: HAULED; medical: HANDED_OVER; household: COLLECTED by street). */
  topParties: Array<PartyTotal>;
  /** Operations registered for `trustedOnly` keys. */
  trustedOperations: Array<TrustedOperation>;
  /** By plate as normalised (京A12345); a malformed plate is BAD_USER_INPUT. */
  vehicle: Vehicle;
  /**
   * The category codes a stream's records use: industrial → the general-industrial catalogue classes and
   * codes (ISW_CATEGORY, ISW_CODE) and the HW classes (HW_CLASS); household → HOUSEHOLD_CATEGORY and
   * RECYCLABLE_MATERIAL; construction → CONSTRUCTION_CATEGORY; medical → MEDICAL_CATEGORY and
   * MEDICAL_RECYCLABLE; taxstat → none (its categories are free text). Ordered by table, then catalogue
   * order. `validOn` (default: now) keeps the version of each row in force on that date. An unknown
   * stream is BAD_USER_INPUT.
   */
  wasteCategories: Array<WasteCategory>;
  /** The delivery log, newest first: the caller's deliveries (ADMIN: every key's), optionally of one subscription or statuses. */
  webhookDeliveries: WebhookDeliveryConnection;
  /** The caller's live subscriptions (ADMIN: every key's), newest first. */
  webhookSubscriptions: Array<WebhookSubscription>;
};


export type QueryApiKeysArgs = {
  includeRevoked?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryCommunitiesArgs = {
  street?: InputMaybe<Scalars['String']['input']>;
};


export type QueryCompletenessArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  asOf?: InputMaybe<Scalars['DateTime']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  period: Scalars['String']['input'];
  stream?: InputMaybe<Scalars['String']['input']>;
  street?: InputMaybe<Scalars['String']['input']>;
};


export type QueryDashboardArgs = {
  area?: InputMaybe<Scalars['String']['input']>;
  codes?: InputMaybe<Array<Scalars['ID']['input']>>;
  year?: InputMaybe<Scalars['String']['input']>;
};


export type QueryDashboardMonthsArgs = {
  area?: InputMaybe<Scalars['String']['input']>;
};


export type QueryFacilityArgs = {
  id: Scalars['ID']['input'];
};


export type QueryFlagArgs = {
  id: Scalars['ID']['input'];
};


export type QueryFlagsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<FlagFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryFlowsArgs = {
  period?: InputMaybe<Scalars['String']['input']>;
  stream: Scalars['String']['input'];
};


export type QueryIndicatorArgs = {
  code: Scalars['ID']['input'];
};


export type QueryIndicatorDefinitionsArgs = {
  priorityOnly?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryIndicatorsArgs = {
  area?: InputMaybe<Scalars['String']['input']>;
  period: Scalars['String']['input'];
  version?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryJobArgs = {
  jobId: Scalars['ID']['input'];
};


export type QueryJobsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<JobFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryMovementArgs = {
  id: Scalars['ID']['input'];
};


export type QueryMovementsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<MovementFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryPartiesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<PartyFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryPartyArgs = {
  id: Scalars['ID']['input'];
};


export type QueryPeriodsArgs = {
  status?: InputMaybe<PeriodStatus>;
};


export type QueryProjectArgs = {
  id: Scalars['ID']['input'];
};


export type QueryQuarantineArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<QuarantineFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryReconcileRunsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryResolutionCaseArgs = {
  id: Scalars['ID']['input'];
};


export type QueryResolutionCasesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ResolutionCaseFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryRuleSetInForceArgs = {
  period: Scalars['String']['input'];
};


export type QuerySyncRunsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  source?: InputMaybe<Scalars['String']['input']>;
  stream?: InputMaybe<Scalars['String']['input']>;
};


export type QueryTopPartiesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  measure: Scalars['String']['input'];
  period?: InputMaybe<Scalars['String']['input']>;
  stream: Scalars['String']['input'];
};


export type QueryVehicleArgs = {
  plate: Scalars['String']['input'];
};


export type QueryWasteCategoriesArgs = {
  stream: Scalars['String']['input'];
  validOn?: InputMaybe<Scalars['DateTime']['input']>;
};


export type QueryWebhookDeliveriesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<Array<WebhookDeliveryStatus>>;
  subscription?: InputMaybe<Scalars['ID']['input']>;
};

/** Flags a run raised, updated, re-opened, auto-closed, or found unchanged. */
export type ReconcileDiff = {
  __typename?: 'ReconcileDiff';
  autoClosed: Scalars['Int']['output'];
  changed: Scalars['Int']['output'];
  new: Scalars['Int']['output'];
  reopened: Scalars['Int']['output'];
  unchanged: Scalars['Int']['output'];
};

export type ReconcileRuleCounts = {
  __typename?: 'ReconcileRuleCounts';
  diff: ReconcileDiff;
  durationMs: Scalars['Int']['output'];
  periods: Array<Scalars['String']['output']>;
  raised: Scalars['Int']['output'];
  rule: Scalars['String']['output'];
};

export type ReconcileRun = {
  __typename?: 'ReconcileRun';
  asOf: Scalars['DateTime']['output'];
  /** documents found changed per collection since the previous run (incremental runs) */
  changed: Scalars['JSON']['output'];
  checkpoints: Array<ReconcileSyncCheckpoint>;
  diff: ReconcileDiff;
  durationMs?: Maybe<Scalars['Int']['output']>;
  error?: Maybe<Scalars['String']['output']>;
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  jobId?: Maybe<Scalars['String']['output']>;
  mode: ReconcileRunMode;
  perRule: Array<ReconcileRuleCounts>;
  periods: Array<Scalars['String']['output']>;
  requestedBy: Scalars['String']['output'];
  ruleSetVersion: Scalars['String']['output'];
  rules: Array<Scalars['String']['output']>;
  runId: Scalars['ID']['output'];
  startedAt: Scalars['DateTime']['output'];
  status: ReconcileRunStatus;
};

export type ReconcileRunConnection = {
  __typename?: 'ReconcileRunConnection';
  edges: Array<ReconcileRunEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ReconcileRunEdge = {
  __typename?: 'ReconcileRunEdge';
  cursor: Scalars['String']['output'];
  node: ReconcileRun;
};

export type ReconcileRunMode =
  | 'FULL'
  | 'INCREMENTAL';

export type ReconcileRunStatus =
  /** its process died while it ran; a later run covers its periods */
  | 'ABORTED'
  | 'FAILED'
  | 'RUNNING'
  | 'SUCCEEDED';

/** The latest sync of one connector stream when the run started. */
export type ReconcileSyncCheckpoint = {
  __typename?: 'ReconcileSyncCheckpoint';
  connector: Scalars['String']['output'];
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  startedAt: Scalars['DateTime']['output'];
  status: Scalars['String']['output'];
  stream: Scalars['String']['output'];
  syncRunId: Scalars['ID']['output'];
};

export type ReportArea = {
  __typename?: 'ReportArea';
  /** DISTRICT or STREET. */
  level: Scalars['String']['output'];
  name: Scalars['String']['output'];
  street?: Maybe<Street>;
};

export type ReportKind =
  | 'ECON'
  | 'ENV_STAT'
  | 'ENV_TAX'
  | 'GENERAL_LEDGER'
  | 'HW_LEDGER'
  | 'MEDICAL_RECYCLABLES'
  | 'RECYCLABLES';

export type ReportLine = {
  __typename?: 'ReportLine';
  grams: Scalars['Grams']['output'];
  measure: Scalars['String']['output'];
  original: OriginalQuantity;
  tonnes: Scalars['String']['output'];
};

export type ReportMeasure = {
  __typename?: 'ReportMeasure';
  /** Exact integer in `unit`, as a decimal string. */
  amount: Scalars['String']['output'];
  measure: Scalars['String']['output'];
  original: OriginalQuantity;
  /** fen, person or fen_per_t. */
  unit: Scalars['String']['output'];
};

export type ResolutionCase = {
  __typename?: 'ResolutionCase';
  candidates: Array<Party>;
  decidedAt?: Maybe<Scalars['DateTime']['output']>;
  /** what the source record said */
  evidence: ResolutionEvidence;
  /** every decision on this case, oldest first (append-only) */
  history: Array<ResolutionDecisionEntry>;
  id: Scalars['ID']['output'];
  kind: ResolutionCaseKind;
  openedAt: Scalars['DateTime']['output'];
  status: ResolutionCaseStatus;
  /** the party the observation was attached to or created as */
  subject?: Maybe<Party>;
  /** the identity key the decision is kept under (USCC:… or SRC:<source>:<key>) */
  subjectKey: Scalars['String']['output'];
};

export type ResolutionCaseConnection = {
  __typename?: 'ResolutionCaseConnection';
  edges: Array<ResolutionCaseEdge>;
  pageInfo: PageInfo;
  /** Counted only when selected. */
  totalCount: Scalars['Int']['output'];
};

export type ResolutionCaseEdge = {
  __typename?: 'ResolutionCaseEdge';
  cursor: Scalars['String']['output'];
  node: ResolutionCase;
};

export type ResolutionCaseFilter = {
  kind?: InputMaybe<Array<ResolutionCaseKind>>;
  /** a party id: cases where it is the subject or a candidate */
  party?: InputMaybe<Scalars['ID']['input']>;
  /** the source whose record raised the case */
  source?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<Array<ResolutionCaseStatus>>;
};

export type ResolutionCaseKind =
  /** several parties share the normalised name in the street */
  | 'AMBIGUOUS_NAME'
  /** same name and street, different valid USCCs */
  | 'NAME_SHARED_DIFFERENT_USCC'
  /** no USCC and no street: the name alone cannot be trusted */
  | 'NO_STREET'
  /** one USCC, names that do not normalise equal */
  | 'USCC_NAME_CONFLICT';

export type ResolutionCaseStatus =
  | 'DECIDED'
  | 'OPEN';

export type ResolutionDecisionEntry = {
  __typename?: 'ResolutionDecisionEntry';
  /** the candidate decided about (SAME_/DIFFERENT_ORGANISATIONS), when it still exists */
  candidate?: Maybe<Party>;
  /** USCC:… or SRC:… of the candidate; for CORRECT_USCC, USCC:<corrected> */
  candidateKey: Scalars['String']['output'];
  correctedUscc?: Maybe<Scalars['String']['output']>;
  decidedAt: Scalars['DateTime']['output'];
  /** who decided: the API key's label */
  decidedBy: Scalars['String']['output'];
  decidedByKeyId?: Maybe<Scalars['String']['output']>;
  decision: ResolutionDecisionKind;
  reason: Scalars['String']['output'];
};

export type ResolutionDecisionKind =
  | 'CORRECT_USCC'
  | 'DIFFERENT_ORGANISATIONS'
  | 'SAME_ORGANISATION';

export type ResolutionEvidence = {
  __typename?: 'ResolutionEvidence';
  name: Scalars['String']['output'];
  normalisedName: Scalars['String']['output'];
  source: Scalars['String']['output'];
  sourceKey: Scalars['String']['output'];
  street?: Maybe<Scalars['String']['output']>;
  /** the USCC as the source stated it */
  usccRaw?: Maybe<Scalars['String']['output']>;
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

export type RouteKind =
  | 'DISPOSAL'
  | 'STORAGE'
  | 'UTILISATION';

export type RuleSetOrigin =
  | 'API'
  | 'CODE';

export type RuleSetVersion = {
  __typename?: 'RuleSetVersion';
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  /** the API key's label; null for code versions */
  createdBy?: Maybe<Scalars['String']['output']>;
  effectiveFrom: Scalars['String']['output'];
  /** why (API versions: the ADMIN's reason) */
  note?: Maybe<Scalars['String']['output']>;
  origin: RuleSetOrigin;
  /** every rule's settings under this version (rules a version leaves out take their file's defaults) */
  rules: Array<RuleSetting>;
  version: Scalars['String']['output'];
};

export type RuleSetting = {
  __typename?: 'RuleSetting';
  rule: Scalars['String']['output'];
  severity: FlagSeverity;
  tolerance: Scalars['Float']['output'];
};

export type RuleSettingChange = {
  rule: Scalars['String']['input'];
  severity?: InputMaybe<FlagSeverity>;
  /** in the rule's unit (%, hours, km/h: see the rule table in DESIGN §5) */
  tolerance?: InputMaybe<Scalars['Float']['input']>;
};

export type Source = {
  __typename?: 'Source';
  health: SourceHealth;
  id: Scalars['ID']['output'];
  /** seconds since lastSuccessAt */
  lagSeconds?: Maybe<Scalars['Int']['output']>;
  lastError?: Maybe<Scalars['String']['output']>;
  lastRunAt?: Maybe<Scalars['DateTime']['output']>;
  /** when every stream last had a successful run (the oldest of the streams' last successes) */
  lastSuccessAt?: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  quarantine: QuarantineCounts;
  /** current (not retired) source records */
  recordCount: Scalars['Int']['output'];
  streams: Array<SourceStream>;
  urlKind: SourceUrlKind;
};

export type SourceHealth =
  /** some stream's last run stopped part-way or failed for a reason other than the source being down */
  | 'DEGRADED'
  /** the last run found the source unreachable (retries exhausted, circuit open) */
  | 'DOWN'
  /** every stream's last run succeeded */
  | 'OK'
  /** never synced */
  | 'UNKNOWN';

/**
 * A record as its source sent it. `source` is the waste stream / connector, `stream` the connector's
 * endpoint or feed (hw-manifests, weigh-tickets…).
 */
export type SourceRecord = {
  __typename?: 'SourceRecord';
  firstSeenAt: Scalars['DateTime']['output'];
  /** sha256 of the canonical JSON payload. */
  hash: Scalars['String']['output'];
  /** Earlier versions, oldest first. */
  history: Array<SourceRecordVersion>;
  id: Scalars['ID']['output'];
  lastSeenAt: Scalars['DateTime']['output'];
  /** The raw payload; partners see aggregates, not raw payloads. */
  payload?: Maybe<Scalars['JSON']['output']>;
  source: Scalars['String']['output'];
  sourceId: Scalars['String']['output'];
  stream: Scalars['String']['output'];
  version: Scalars['Int']['output'];
  /** When the current version was first received. */
  versionSeenAt: Scalars['DateTime']['output'];
};

export type SourceRecordVersion = {
  __typename?: 'SourceRecordVersion';
  hash: Scalars['String']['output'];
  payload?: Maybe<Scalars['JSON']['output']>;
  seenAt: Scalars['DateTime']['output'];
  supersededAt: Scalars['DateTime']['output'];
  version: Scalars['Int']['output'];
};

export type SourceStream = {
  __typename?: 'SourceStream';
  description: Scalars['String']['output'];
  lastRun?: Maybe<SyncRun>;
  lastSuccessAt?: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  openQuarantine: Scalars['Int']['output'];
  recordCount: Scalars['Int']['output'];
};

export type SourceUrlKind =
  | 'FILE'
  | 'HTTP'
  /** SOURCE_*_URL is not set */
  | 'NONE';

/** A mass: exact grams, tonnes as a decimal string, and the source's statement. */
export type StatedMass = {
  __typename?: 'StatedMass';
  grams: Scalars['Grams']['output'];
  original: OriginalQuantity;
  tonnes: Scalars['String']['output'];
};

/** A quantity exactly as one source states it. */
export type StatedQuantity = {
  __typename?: 'StatedQuantity';
  /** When this statement was made, where it differs from the movement's times. */
  at?: Maybe<Scalars['DateTime']['output']>;
  /** The category this statement gives, where a source states one per line (medical). */
  category?: Maybe<Scalars['String']['output']>;
  grams: Scalars['Grams']['output'];
  original: OriginalQuantity;
  role: QuantityRole;
  sourceRecord?: Maybe<SourceRecord>;
  /** The same mass in tonnes, as an exact decimal string ("12.345"). */
  tonnes: Scalars['String']['output'];
};

export type Street = {
  __typename?: 'Street';
  /** Stable code, e.g. BAJIAO. */
  code: Scalars['ID']['output'];
  /** Full name, e.g. 八角街道. */
  fullName: Scalars['String']['output'];
  /** Short name, e.g. 八角. */
  name: Scalars['String']['output'];
};

export type SyncCounts = {
  __typename?: 'SyncCounts';
  changed: Scalars['Int']['output'];
  new: Scalars['Int']['output'];
  quarantined: Scalars['Int']['output'];
  read: Scalars['Int']['output'];
  unchanged: Scalars['Int']['output'];
};

export type SyncRun = {
  __typename?: 'SyncRun';
  counts: SyncCounts;
  cursorAfter?: Maybe<Scalars['JSON']['output']>;
  cursorBefore?: Maybe<Scalars['JSON']['output']>;
  durationMs?: Maybe<Scalars['Int']['output']>;
  errors: Array<SyncRunError>;
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  jobId?: Maybe<Scalars['String']['output']>;
  source: Scalars['String']['output'];
  startedAt: Scalars['DateTime']['output'];
  status: SyncStatus;
  stream: Scalars['String']['output'];
};

export type SyncRunConnection = {
  __typename?: 'SyncRunConnection';
  edges: Array<SyncRunEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type SyncRunEdge = {
  __typename?: 'SyncRunEdge';
  cursor: Scalars['String']['output'];
  node: SyncRun;
};

export type SyncRunError = {
  __typename?: 'SyncRunError';
  at: Scalars['DateTime']['output'];
  code?: Maybe<Scalars['String']['output']>;
  message: Scalars['String']['output'];
};

export type SyncStatus =
  /** its process died while it ran; the next run resumed from the saved state */
  | 'ABORTED'
  | 'FAILED'
  | 'PARTIAL'
  | 'RUNNING'
  | 'SUCCEEDED';

export type TargetComparison = {
  __typename?: 'TargetComparison';
  evaluation: TargetEvaluation;
  kind?: Maybe<TargetKind>;
  source?: Maybe<Scalars['String']['output']>;
  text?: Maybe<Scalars['String']['output']>;
  year?: Maybe<Scalars['Int']['output']>;
};

export type TargetEvaluation =
  | 'MET'
  | 'NOT_APPLICABLE'
  | 'NOT_MET';

export type TargetKind =
  | 'AT_LEAST'
  | 'AT_MOST'
  | 'RANGE'
  | 'STATUS'
  | 'ZERO';

/** An operation `trustedOnly` keys may run: known by the SHA-256 (hex) of its exact text. */
export type TrustedOperation = {
  __typename?: 'TrustedOperation';
  document: Scalars['String']['output'];
  hash: Scalars['ID']['output'];
  name?: Maybe<Scalars['String']['output']>;
  registeredAt: Scalars['DateTime']['output'];
  registeredBy: Scalars['String']['output'];
};

export type Vehicle = {
  __typename?: 'Vehicle';
  hauler?: Maybe<Party>;
  id: Scalars['ID']['output'];
  permitValidTo?: Maybe<Scalars['DateTime']['output']>;
  plate: Scalars['String']['output'];
  /** The plate as the source wrote it. */
  plateRaw: Scalars['String']['output'];
  ratedLoad?: Maybe<StatedMass>;
  source: Scalars['String']['output'];
  statedHauler?: Maybe<PartyRef>;
};

/** One row of a versioned reference table. */
export type WasteCategory = {
  __typename?: 'WasteCategory';
  /** Table-specific facts (display code, material group, colour, HW code…). */
  attributes: Scalars['JSON']['output'];
  /** The parent class: ISWnn for a catalogue code, HW01 for a medical category; null at the top level. */
  class?: Maybe<Scalars['String']['output']>;
  code: Scalars['String']['output'];
  /** Null where the printed catalogue has no name (e.g. 99-07-01). */
  name?: Maybe<Scalars['String']['output']>;
  nameEn?: Maybe<Scalars['String']['output']>;
  /** The catalogue marks this row for review (duplicate name, missing name). */
  needsReview: Scalars['Boolean']['output'];
  /** ISW_CATEGORY, ISW_CODE, HW_CLASS, MEDICAL_CATEGORY, HOUSEHOLD_CATEGORY, RECYCLABLE_MATERIAL, MEDICAL_RECYCLABLE or CONSTRUCTION_CATEGORY. */
  table: Scalars['String']['output'];
  validFrom: Scalars['DateTime']['output'];
  /** Null while in force. */
  validTo?: Maybe<Scalars['DateTime']['output']>;
  version: Scalars['String']['output'];
};

export type WebhookAttempt = {
  __typename?: 'WebhookAttempt';
  at: Scalars['DateTime']['output'];
  attempt: Scalars['Int']['output'];
  durationMs: Scalars['Int']['output'];
  error?: Maybe<Scalars['String']['output']>;
  /** the receiver's HTTP status; null when it did not answer */
  statusCode?: Maybe<Scalars['Int']['output']>;
};

export type WebhookDelivery = {
  __typename?: 'WebhookDelivery';
  attempts: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  deliveredAt?: Maybe<Scalars['DateTime']['output']>;
  /** the event's id, also sent as X-Hub-Event-Id: the same for every attempt and redelivery (idempotency) */
  eventId: Scalars['ID']['output'];
  eventType: WebhookEventType;
  id: Scalars['ID']['output'];
  lastError?: Maybe<Scalars['String']['output']>;
  lastStatusCode?: Maybe<Scalars['Int']['output']>;
  /** the latest attempts, oldest first (at most 20) */
  log: Array<WebhookAttempt>;
  nextAttemptAt?: Maybe<Scalars['DateTime']['output']>;
  status: WebhookDeliveryStatus;
  subscriptionId: Scalars['ID']['output'];
};

export type WebhookDeliveryConnection = {
  __typename?: 'WebhookDeliveryConnection';
  edges: Array<WebhookDeliveryEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type WebhookDeliveryEdge = {
  __typename?: 'WebhookDeliveryEdge';
  cursor: Scalars['String']['output'];
  node: WebhookDelivery;
};

export type WebhookDeliveryStatus =
  /** every attempt failed (WEBHOOK_MAX_ATTEMPTS), or the subscription or key is gone */
  | 'DEAD'
  /** queued, not attempted yet */
  | 'PENDING'
  /** an attempt failed; another is due at `nextAttemptAt` */
  | 'RETRYING'
  /** the receiver answered 2xx */
  | 'SUCCEEDED';

export type WebhookEventType =
  /** a reconciliation raised a new flag */
  | 'FLAG_RAISED'
  /** a steward reopened a flag, or new data reopened it */
  | 'FLAG_REOPENED'
  /** a steward resolved or dismissed a flag, or the engine closed it (condition cleared) */
  | 'FLAG_RESOLVED'
  /** a re-close changed an indicator's value against the previous version */
  | 'INDICATOR_REVISED'
  /** a month was closed (or closed again after late data): a new frozen version */
  | 'PERIOD_CLOSED';

export type WebhookSubscription = {
  __typename?: 'WebhookSubscription';
  createdAt: Scalars['DateTime']['output'];
  deletedAt?: Maybe<Scalars['DateTime']['output']>;
  events: Array<WebhookEventType>;
  id: Scalars['ID']['output'];
  /** the key that owns it (and whose scope decides what it receives) */
  keyId: Scalars['ID']['output'];
  url: Scalars['String']['output'];
};

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
  ChangeRuleSettingsInput: ChangeRuleSettingsInput;
  Community: ResolverTypeWrapper<CommunityRecordMapper>;
  CompletenessCalendar: ResolverTypeWrapper<CompletenessCalendar>;
  CompletenessCell: ResolverTypeWrapper<CompletenessCell>;
  CompletenessCounts: ResolverTypeWrapper<CompletenessCounts>;
  CompletenessPeriodTotals: ResolverTypeWrapper<CompletenessPeriodTotals>;
  CompletenessReporter: ResolverTypeWrapper<CompletenessReporter>;
  CompletenessReporterEdge: ResolverTypeWrapper<CompletenessReporterEdge>;
  CompletenessStatus: CompletenessStatus;
  ContributionDocumentKind: ContributionDocumentKind;
  CreateApiKeyInput: CreateApiKeyInput;
  CreateWebhookSubscriptionInput: CreateWebhookSubscriptionInput;
  CreatedApiKey: ResolverTypeWrapper<Omit<CreatedApiKey, 'apiKey'> & { apiKey: ResolversTypes['ApiKey'] }>;
  CreatedWebhookSubscription: ResolverTypeWrapper<Omit<CreatedWebhookSubscription, 'subscription'> & { subscription: ResolversTypes['WebhookSubscription'] }>;
  Dashboard: ResolverTypeWrapper<Omit<Dashboard, 'rows'> & { rows: Array<ResolversTypes['DashboardRow']> }>;
  DashboardMonth: ResolverTypeWrapper<DashboardMonth>;
  DashboardMonths: ResolverTypeWrapper<DashboardMonths>;
  DashboardRow: ResolverTypeWrapper<DashboardRowParentMapper>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DecideResolutionCaseInput: DecideResolutionCaseInput;
  EmbeddedServer: ResolverTypeWrapper<EmbeddedServer>;
  Facility: ResolverTypeWrapper<FacilityRecordMapper>;
  FacilityType: FacilityType;
  FilingKind: FilingKind;
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
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  FlowLink: ResolverTypeWrapper<FlowLink>;
  FlowNode: ResolverTypeWrapper<FlowNode>;
  Flows: ResolverTypeWrapper<Flows>;
  GeoPoint: ResolverTypeWrapper<GeoPointMapper>;
  Grams: ResolverTypeWrapper<Scalars['Grams']['output']>;
  Health: ResolverTypeWrapper<HealthParentMapper>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Indicator: ResolverTypeWrapper<IndicatorDefinitionMapper>;
  IndicatorContribution: ResolverTypeWrapper<ContributionParentMapper>;
  IndicatorContributionConnection: ResolverTypeWrapper<ContributionConnectionParentMapper>;
  IndicatorContributionEdge: ResolverTypeWrapper<ContributionEdgeParentMapper>;
  IndicatorDirection: IndicatorDirection;
  IndicatorInput: ResolverTypeWrapper<IndicatorInputParentMapper>;
  IndicatorTarget: ResolverTypeWrapper<TargetMapper>;
  IndicatorType: IndicatorType;
  IndicatorValue: ResolverTypeWrapper<IndicatorValueRecordMapper>;
  InstitutionProfile: ResolverTypeWrapper<InstitutionProfileMapper>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  IssuedToken: ResolverTypeWrapper<IssuedToken>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Job: ResolverTypeWrapper<JobRunMapper>;
  JobConnection: ResolverTypeWrapper<Omit<JobConnection, 'edges'> & { edges: Array<ResolversTypes['JobEdge']> }>;
  JobEdge: ResolverTypeWrapper<Omit<JobEdge, 'node'> & { node: ResolversTypes['Job'] }>;
  JobFilter: JobFilter;
  JobKind: JobKind;
  JobStatus: JobStatus;
  Licence: ResolverTypeWrapper<PartyLicenceMapper>;
  LicenceKind: LicenceKind;
  ManualProvenance: ResolverTypeWrapper<ManualProvenanceMapper>;
  Movement: ResolverTypeWrapper<MovementRecordMapper>;
  MovementConnection: ResolverTypeWrapper<MovementConnectionParentMapper>;
  MovementEdge: ResolverTypeWrapper<MovementEdgeParentMapper>;
  MovementEnd: ResolverTypeWrapper<MovementEndParentMapper>;
  MovementFilter: MovementFilter;
  MovementKind: MovementKind;
  MovementRoute: ResolverTypeWrapper<MovementRouteMapper>;
  MovementStatus: MovementStatus;
  MovementVehicle: ResolverTypeWrapper<MovementVehicleParentMapper>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  OriginalQuantity: ResolverTypeWrapper<OriginalQuantityMapper>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Party: ResolverTypeWrapper<PartyRecordMapper>;
  PartyAlias: ResolverTypeWrapper<PartyAliasMapper>;
  PartyConnection: ResolverTypeWrapper<PartyConnectionParentMapper>;
  PartyEdge: ResolverTypeWrapper<PartyEdgeParentMapper>;
  PartyFilter: PartyFilter;
  PartyRef: ResolverTypeWrapper<PartyRefMapper>;
  PartyRole: PartyRole;
  PartyStatus: PartyStatus;
  PartyTotal: ResolverTypeWrapper<PartyTotal>;
  Period: ResolverTypeWrapper<PeriodRecordMapper>;
  PeriodKind: PeriodKind;
  PeriodReport: ResolverTypeWrapper<PeriodReportRecordMapper>;
  PeriodReportConnection: ResolverTypeWrapper<PeriodReportConnectionParentMapper>;
  PeriodReportEdge: ResolverTypeWrapper<PeriodReportEdgeParentMapper>;
  PeriodStatus: PeriodStatus;
  PeriodVersion: ResolverTypeWrapper<PeriodVersionMapper>;
  PreviousComparison: ResolverTypeWrapper<PreviousComparison>;
  Project: ResolverTypeWrapper<ProjectRecordMapper>;
  ProjectKind: ProjectKind;
  QuantityRole: QuantityRole;
  QuarantineConnection: ResolverTypeWrapper<Omit<QuarantineConnection, 'edges'> & { edges: Array<ResolversTypes['QuarantineEdge']> }>;
  QuarantineCounts: ResolverTypeWrapper<QuarantineCounts>;
  QuarantineEdge: ResolverTypeWrapper<Omit<QuarantineEdge, 'node'> & { node: ResolversTypes['QuarantineEntry'] }>;
  QuarantineEntry: ResolverTypeWrapper<QuarantineParentMapper>;
  QuarantineFilter: QuarantineFilter;
  QuarantineRetry: ResolverTypeWrapper<QuarantineRetry>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ReconcileDiff: ResolverTypeWrapper<ReconcileDiff>;
  ReconcileRuleCounts: ResolverTypeWrapper<ReconcileRuleCounts>;
  ReconcileRun: ResolverTypeWrapper<ReconcileRunRecordMapper>;
  ReconcileRunConnection: ResolverTypeWrapper<Omit<ReconcileRunConnection, 'edges'> & { edges: Array<ResolversTypes['ReconcileRunEdge']> }>;
  ReconcileRunEdge: ResolverTypeWrapper<Omit<ReconcileRunEdge, 'node'> & { node: ResolversTypes['ReconcileRun'] }>;
  ReconcileRunMode: ReconcileRunMode;
  ReconcileRunStatus: ReconcileRunStatus;
  ReconcileSyncCheckpoint: ResolverTypeWrapper<ReconcileSyncCheckpoint>;
  ReportArea: ResolverTypeWrapper<ReportAreaMapper>;
  ReportKind: ReportKind;
  ReportLine: ResolverTypeWrapper<ReportLineMapper>;
  ReportMeasure: ResolverTypeWrapper<ReportMeasureMapper>;
  ResolutionCase: ResolverTypeWrapper<ResolutionCaseRecordMapper>;
  ResolutionCaseConnection: ResolverTypeWrapper<ResolutionCaseConnectionParentMapper>;
  ResolutionCaseEdge: ResolverTypeWrapper<ResolutionCaseEdgeParentMapper>;
  ResolutionCaseFilter: ResolutionCaseFilter;
  ResolutionCaseKind: ResolutionCaseKind;
  ResolutionCaseStatus: ResolutionCaseStatus;
  ResolutionDecisionEntry: ResolverTypeWrapper<ResolutionDecisionRecordMapper>;
  ResolutionDecisionKind: ResolutionDecisionKind;
  ResolutionEvidence: ResolverTypeWrapper<ResolutionEvidenceMapper>;
  ResolveFlagInput: ResolveFlagInput;
  ResolveFlagKind: ResolveFlagKind;
  Role: Role;
  RouteKind: RouteKind;
  RuleSetOrigin: RuleSetOrigin;
  RuleSetVersion: ResolverTypeWrapper<RuleSetVersionParentMapper>;
  RuleSetting: ResolverTypeWrapper<RuleSetting>;
  RuleSettingChange: RuleSettingChange;
  Source: ResolverTypeWrapper<SourceParentMapper>;
  SourceHealth: SourceHealth;
  SourceRecord: ResolverTypeWrapper<SourceRecordParentMapper>;
  SourceRecordVersion: ResolverTypeWrapper<SourceRecordVersionMapper>;
  SourceStream: ResolverTypeWrapper<SourceStreamParentMapper>;
  SourceUrlKind: SourceUrlKind;
  StatedMass: ResolverTypeWrapper<StatedMassMapper>;
  StatedQuantity: ResolverTypeWrapper<MovementQuantityMapper>;
  Street: ResolverTypeWrapper<StreetMapper>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  SyncCounts: ResolverTypeWrapper<SyncCounts>;
  SyncRun: ResolverTypeWrapper<SyncRunParentMapper>;
  SyncRunConnection: ResolverTypeWrapper<Omit<SyncRunConnection, 'edges'> & { edges: Array<ResolversTypes['SyncRunEdge']> }>;
  SyncRunEdge: ResolverTypeWrapper<Omit<SyncRunEdge, 'node'> & { node: ResolversTypes['SyncRun'] }>;
  SyncRunError: ResolverTypeWrapper<SyncRunError>;
  SyncStatus: SyncStatus;
  TargetComparison: ResolverTypeWrapper<TargetComparison>;
  TargetEvaluation: TargetEvaluation;
  TargetKind: TargetKind;
  TrustedOperation: ResolverTypeWrapper<TrustedOperationMapper>;
  Vehicle: ResolverTypeWrapper<VehicleRecordMapper>;
  WasteCategory: ResolverTypeWrapper<ReferenceItemMapper>;
  WebhookAttempt: ResolverTypeWrapper<DeliveryAttemptMapper>;
  WebhookDelivery: ResolverTypeWrapper<WebhookDeliveryRecordMapper>;
  WebhookDeliveryConnection: ResolverTypeWrapper<WebhookDeliveryConnectionParentMapper>;
  WebhookDeliveryEdge: ResolverTypeWrapper<WebhookDeliveryEdgeParentMapper>;
  WebhookDeliveryStatus: WebhookDeliveryStatus;
  WebhookEventType: WebhookEventType;
  WebhookSubscription: ResolverTypeWrapper<WebhookSubscriptionRecordMapper>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Agency: AgencyScopeMapper;
  ApiKey: ApiKeyMapper;
  Boolean: Scalars['Boolean']['output'];
  Caller: CallerMapper;
  ChangeRuleSettingsInput: ChangeRuleSettingsInput;
  Community: CommunityRecordMapper;
  CompletenessCalendar: CompletenessCalendar;
  CompletenessCell: CompletenessCell;
  CompletenessCounts: CompletenessCounts;
  CompletenessPeriodTotals: CompletenessPeriodTotals;
  CompletenessReporter: CompletenessReporter;
  CompletenessReporterEdge: CompletenessReporterEdge;
  CreateApiKeyInput: CreateApiKeyInput;
  CreateWebhookSubscriptionInput: CreateWebhookSubscriptionInput;
  CreatedApiKey: Omit<CreatedApiKey, 'apiKey'> & { apiKey: ResolversParentTypes['ApiKey'] };
  CreatedWebhookSubscription: Omit<CreatedWebhookSubscription, 'subscription'> & { subscription: ResolversParentTypes['WebhookSubscription'] };
  Dashboard: Omit<Dashboard, 'rows'> & { rows: Array<ResolversParentTypes['DashboardRow']> };
  DashboardMonth: DashboardMonth;
  DashboardMonths: DashboardMonths;
  DashboardRow: DashboardRowParentMapper;
  DateTime: Scalars['DateTime']['output'];
  DecideResolutionCaseInput: DecideResolutionCaseInput;
  EmbeddedServer: EmbeddedServer;
  Facility: FacilityRecordMapper;
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
  Float: Scalars['Float']['output'];
  FlowLink: FlowLink;
  FlowNode: FlowNode;
  Flows: Flows;
  GeoPoint: GeoPointMapper;
  Grams: Scalars['Grams']['output'];
  Health: HealthParentMapper;
  ID: Scalars['ID']['output'];
  Indicator: IndicatorDefinitionMapper;
  IndicatorContribution: ContributionParentMapper;
  IndicatorContributionConnection: ContributionConnectionParentMapper;
  IndicatorContributionEdge: ContributionEdgeParentMapper;
  IndicatorInput: IndicatorInputParentMapper;
  IndicatorTarget: TargetMapper;
  IndicatorValue: IndicatorValueRecordMapper;
  InstitutionProfile: InstitutionProfileMapper;
  Int: Scalars['Int']['output'];
  IssuedToken: IssuedToken;
  JSON: Scalars['JSON']['output'];
  Job: JobRunMapper;
  JobConnection: Omit<JobConnection, 'edges'> & { edges: Array<ResolversParentTypes['JobEdge']> };
  JobEdge: Omit<JobEdge, 'node'> & { node: ResolversParentTypes['Job'] };
  JobFilter: JobFilter;
  Licence: PartyLicenceMapper;
  ManualProvenance: ManualProvenanceMapper;
  Movement: MovementRecordMapper;
  MovementConnection: MovementConnectionParentMapper;
  MovementEdge: MovementEdgeParentMapper;
  MovementEnd: MovementEndParentMapper;
  MovementFilter: MovementFilter;
  MovementRoute: MovementRouteMapper;
  MovementVehicle: MovementVehicleParentMapper;
  Mutation: Record<PropertyKey, never>;
  OriginalQuantity: OriginalQuantityMapper;
  PageInfo: PageInfo;
  Party: PartyRecordMapper;
  PartyAlias: PartyAliasMapper;
  PartyConnection: PartyConnectionParentMapper;
  PartyEdge: PartyEdgeParentMapper;
  PartyFilter: PartyFilter;
  PartyRef: PartyRefMapper;
  PartyTotal: PartyTotal;
  Period: PeriodRecordMapper;
  PeriodReport: PeriodReportRecordMapper;
  PeriodReportConnection: PeriodReportConnectionParentMapper;
  PeriodReportEdge: PeriodReportEdgeParentMapper;
  PeriodVersion: PeriodVersionMapper;
  PreviousComparison: PreviousComparison;
  Project: ProjectRecordMapper;
  QuarantineConnection: Omit<QuarantineConnection, 'edges'> & { edges: Array<ResolversParentTypes['QuarantineEdge']> };
  QuarantineCounts: QuarantineCounts;
  QuarantineEdge: Omit<QuarantineEdge, 'node'> & { node: ResolversParentTypes['QuarantineEntry'] };
  QuarantineEntry: QuarantineParentMapper;
  QuarantineFilter: QuarantineFilter;
  QuarantineRetry: QuarantineRetry;
  Query: Record<PropertyKey, never>;
  ReconcileDiff: ReconcileDiff;
  ReconcileRuleCounts: ReconcileRuleCounts;
  ReconcileRun: ReconcileRunRecordMapper;
  ReconcileRunConnection: Omit<ReconcileRunConnection, 'edges'> & { edges: Array<ResolversParentTypes['ReconcileRunEdge']> };
  ReconcileRunEdge: Omit<ReconcileRunEdge, 'node'> & { node: ResolversParentTypes['ReconcileRun'] };
  ReconcileSyncCheckpoint: ReconcileSyncCheckpoint;
  ReportArea: ReportAreaMapper;
  ReportLine: ReportLineMapper;
  ReportMeasure: ReportMeasureMapper;
  ResolutionCase: ResolutionCaseRecordMapper;
  ResolutionCaseConnection: ResolutionCaseConnectionParentMapper;
  ResolutionCaseEdge: ResolutionCaseEdgeParentMapper;
  ResolutionCaseFilter: ResolutionCaseFilter;
  ResolutionDecisionEntry: ResolutionDecisionRecordMapper;
  ResolutionEvidence: ResolutionEvidenceMapper;
  ResolveFlagInput: ResolveFlagInput;
  RuleSetVersion: RuleSetVersionParentMapper;
  RuleSetting: RuleSetting;
  RuleSettingChange: RuleSettingChange;
  Source: SourceParentMapper;
  SourceRecord: SourceRecordParentMapper;
  SourceRecordVersion: SourceRecordVersionMapper;
  SourceStream: SourceStreamParentMapper;
  StatedMass: StatedMassMapper;
  StatedQuantity: MovementQuantityMapper;
  Street: StreetMapper;
  String: Scalars['String']['output'];
  SyncCounts: SyncCounts;
  SyncRun: SyncRunParentMapper;
  SyncRunConnection: Omit<SyncRunConnection, 'edges'> & { edges: Array<ResolversParentTypes['SyncRunEdge']> };
  SyncRunEdge: Omit<SyncRunEdge, 'node'> & { node: ResolversParentTypes['SyncRun'] };
  SyncRunError: SyncRunError;
  TargetComparison: TargetComparison;
  TrustedOperation: TrustedOperationMapper;
  Vehicle: VehicleRecordMapper;
  WasteCategory: ReferenceItemMapper;
  WebhookAttempt: DeliveryAttemptMapper;
  WebhookDelivery: WebhookDeliveryRecordMapper;
  WebhookDeliveryConnection: WebhookDeliveryConnectionParentMapper;
  WebhookDeliveryEdge: WebhookDeliveryEdgeParentMapper;
  WebhookSubscription: WebhookSubscriptionRecordMapper;
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
  trustedOnly?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type CallerResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Caller'] = ResolversParentTypes['Caller']> = ResolversObject<{
  agency?: Resolver<ResolversTypes['Agency'], ParentType, ContextType>;
  keyId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['Role'], ParentType, ContextType>;
}>;

export type CommunityResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Community'] = ResolversParentTypes['Community']> = ResolversObject<{
  communityId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hazardousCollection?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  households?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  residents?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  sortedCollection?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  street?: Resolver<Maybe<ResolversTypes['Street']>, ParentType, ContextType>;
}>;

export type CompletenessCalendarResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CompletenessCalendar'] = ResolversParentTypes['CompletenessCalendar']> = ResolversObject<{
  asOf?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  period?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  periods?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  reporters?: Resolver<Array<ResolversTypes['CompletenessReporterEdge']>, ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  totals?: Resolver<ResolversTypes['CompletenessCounts'], ParentType, ContextType>;
  totalsByPeriod?: Resolver<Array<ResolversTypes['CompletenessPeriodTotals']>, ParentType, ContextType>;
}>;

export type CompletenessCellResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CompletenessCell'] = ResolversParentTypes['CompletenessCell']> = ResolversObject<{
  dueAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  period?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  receivedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['CompletenessStatus'], ParentType, ContextType>;
}>;

export type CompletenessCountsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CompletenessCounts'] = ResolversParentTypes['CompletenessCounts']> = ResolversObject<{
  expected?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  late?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  missing?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  notDue?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  received?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  revised?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type CompletenessPeriodTotalsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CompletenessPeriodTotals'] = ResolversParentTypes['CompletenessPeriodTotals']> = ResolversObject<{
  period?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  totals?: Resolver<ResolversTypes['CompletenessCounts'], ParentType, ContextType>;
}>;

export type CompletenessReporterResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CompletenessReporter'] = ResolversParentTypes['CompletenessReporter']> = ResolversObject<{
  cells?: Resolver<Array<ResolversTypes['CompletenessCell']>, ParentType, ContextType>;
  firstPeriod?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['FilingKind'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stream?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  street?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  totals?: Resolver<ResolversTypes['CompletenessCounts'], ParentType, ContextType>;
}>;

export type CompletenessReporterEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CompletenessReporterEdge'] = ResolversParentTypes['CompletenessReporterEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['CompletenessReporter'], ParentType, ContextType>;
}>;

export type CreatedApiKeyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CreatedApiKey'] = ResolversParentTypes['CreatedApiKey']> = ResolversObject<{
  apiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type CreatedWebhookSubscriptionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CreatedWebhookSubscription'] = ResolversParentTypes['CreatedWebhookSubscription']> = ResolversObject<{
  secret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  subscription?: Resolver<ResolversTypes['WebhookSubscription'], ParentType, ContextType>;
}>;

export type DashboardResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Dashboard'] = ResolversParentTypes['Dashboard']> = ResolversObject<{
  area?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  months?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  rows?: Resolver<Array<ResolversTypes['DashboardRow']>, ParentType, ContextType>;
  year?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type DashboardMonthResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DashboardMonth'] = ResolversParentTypes['DashboardMonth']> = ResolversObject<{
  period?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  valued?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type DashboardMonthsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DashboardMonths'] = ResolversParentTypes['DashboardMonths']> = ResolversObject<{
  defaultMonth?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  months?: Resolver<Array<ResolversTypes['DashboardMonth']>, ParentType, ContextType>;
  priorityCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type DashboardRowResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DashboardRow'] = ResolversParentTypes['DashboardRow']> = ResolversObject<{
  indicator?: Resolver<ResolversTypes['Indicator'], ParentType, ContextType>;
  monthly?: Resolver<Array<Maybe<ResolversTypes['IndicatorValue']>>, ParentType, ContextType>;
  yearValue?: Resolver<Maybe<ResolversTypes['IndicatorValue']>, ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type EmbeddedServerResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['EmbeddedServer'] = ResolversParentTypes['EmbeddedServer']> = ResolversObject<{
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pid?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type FacilityResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Facility'] = ResolversParentTypes['Facility']> = ResolversObject<{
  annualCapacityGrams?: Resolver<Maybe<ResolversTypes['Grams']>, ParentType, ContextType>;
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  dailyCapacityGrams?: Resolver<Maybe<ResolversTypes['Grams']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  inDistrict?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  location?: Resolver<Maybe<ResolversTypes['GeoPoint']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  operator?: Resolver<Maybe<ResolversTypes['Party']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  statedOperator?: Resolver<Maybe<ResolversTypes['PartyRef']>, ParentType, ContextType>;
  stream?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  street?: Resolver<Maybe<ResolversTypes['Street']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['FacilityType'], ParentType, ContextType>;
}>;

export type FlagResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Flag'] = ResolversParentTypes['Flag']> = ResolversObject<{
  assignee?: Resolver<Maybe<ResolversTypes['FlagActor']>, ParentType, ContextType>;
  closedByEngineAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  comments?: Resolver<Array<ResolversTypes['FlagComment']>, ParentType, ContextType>;
  escalatedTo?: Resolver<Array<ResolversTypes['Agency']>, ParentType, ContextType>;
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
  records?: Resolver<Array<ResolversTypes['SourceRecord']>, ParentType, ContextType>;
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

export type FlowLinkResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlowLink'] = ResolversParentTypes['FlowLink']> = ResolversObject<{
  grams?: Resolver<ResolversTypes['Grams'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  target?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type FlowNodeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlowNode'] = ResolversParentTypes['FlowNode']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type FlowsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Flows'] = ResolversParentTypes['Flows']> = ResolversObject<{
  links?: Resolver<Array<ResolversTypes['FlowLink']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['FlowNode']>, ParentType, ContextType>;
  period?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stream?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type GeoPointResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['GeoPoint'] = ResolversParentTypes['GeoPoint']> = ResolversObject<{
  lat?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  lon?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
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

export type IndicatorResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Indicator'] = ResolversParentTypes['Indicator']> = ResolversObject<{
  areaLevels?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  category?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  code?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  computable?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  direction?: Resolver<ResolversTypes['IndicatorDirection'], ParentType, ContextType>;
  formula?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['IndicatorValue']>, ParentType, ContextType, RequireFields<IndicatorHistoryArgs, 'first'>>;
  inputs?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  nameEn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  nameZh?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  notes?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  number?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  periodKinds?: Resolver<Array<ResolversTypes['PeriodKind']>, ParentType, ContextType>;
  priority?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  sourceLines?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  statusScale?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  subcategory?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  target?: Resolver<Maybe<ResolversTypes['IndicatorTarget']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['IndicatorType'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  valueKind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type IndicatorContributionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['IndicatorContribution'] = ResolversParentTypes['IndicatorContribution']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  documentId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  documentKind?: Resolver<ResolversTypes['ContributionDocumentKind'], ParentType, ContextType>;
  flagged?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  goldenApplied?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  month?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  movement?: Resolver<Maybe<ResolversTypes['Movement']>, ParentType, ContextType>;
  report?: Resolver<Maybe<ResolversTypes['PeriodReport']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceRecords?: Resolver<Array<ResolversTypes['SourceRecord']>, ParentType, ContextType>;
  stream?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type IndicatorContributionConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['IndicatorContributionConnection'] = ResolversParentTypes['IndicatorContributionConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['IndicatorContributionEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type IndicatorContributionEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['IndicatorContributionEdge'] = ResolversParentTypes['IndicatorContributionEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['IndicatorContribution'], ParentType, ContextType>;
}>;

export type IndicatorInputResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['IndicatorInput'] = ResolversParentTypes['IndicatorInput']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  contributions?: Resolver<ResolversTypes['IndicatorContributionConnection'], ParentType, ContextType, RequireFields<IndicatorInputContributionsArgs, 'first'>>;
  flagged?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  from?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  goldenApplied?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  records?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sources?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type IndicatorTargetResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['IndicatorTarget'] = ResolversParentTypes['IndicatorTarget']> = ResolversObject<{
  kind?: Resolver<ResolversTypes['TargetKind'], ParentType, ContextType>;
  max?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  min?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  note?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  scope?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  strict?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  year?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type IndicatorValueResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['IndicatorValue'] = ResolversParentTypes['IndicatorValue']> = ResolversObject<{
  area?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  code?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  computedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  computedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  confidence?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  current?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  denominator?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  denominatorUnit?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  frozenAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  goldenApplied?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  indicator?: Resolver<ResolversTypes['Indicator'], ParentType, ContextType>;
  inputs?: Resolver<Array<ResolversTypes['IndicatorInput']>, ParentType, ContextType>;
  manual?: Resolver<Maybe<ResolversTypes['ManualProvenance']>, ParentType, ContextType>;
  numerator?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  numeratorUnit?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  openFlagShare?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  period?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  periodKind?: Resolver<ResolversTypes['PeriodKind'], ParentType, ContextType>;
  previous?: Resolver<Maybe<ResolversTypes['PreviousComparison']>, ParentType, ContextType>;
  target?: Resolver<ResolversTypes['TargetComparison'], ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type InstitutionProfileResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['InstitutionProfile'] = ResolversParentTypes['InstitutionProfile']> = ResolversObject<{
  beds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  category?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  collectionMode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type IssuedTokenResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['IssuedToken'] = ResolversParentTypes['IssuedToken']> = ResolversObject<{
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
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

export type LicenceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Licence'] = ResolversParentTypes['Licence']> = ResolversObject<{
  annualCapacityGrams?: Resolver<Maybe<ResolversTypes['Grams']>, ParentType, ContextType>;
  hwClasses?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['LicenceKind'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  validFrom?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  validTo?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
}>;

export type ManualProvenanceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ManualProvenance'] = ResolversParentTypes['ManualProvenance']> = ResolversObject<{
  enteredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  enteredBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MovementResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Movement'] = ResolversParentTypes['Movement']> = ResolversObject<{
  arrivedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  attributes?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  carrier?: Resolver<Maybe<ResolversTypes['Party']>, ParentType, ContextType>;
  category?: Resolver<Maybe<ResolversTypes['WasteCategory']>, ParentType, ContextType>;
  categoryCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  departedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  direction?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  from?: Resolver<ResolversTypes['MovementEnd'], ParentType, ContextType>;
  hwClass?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['MovementKind'], ParentType, ContextType>;
  linkedMovements?: Resolver<Array<ResolversTypes['Movement']>, ParentType, ContextType>;
  packages?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  period?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  physicalForm?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  quantities?: Resolver<Array<ResolversTypes['StatedQuantity']>, ParentType, ContextType>;
  route?: Resolver<Maybe<ResolversTypes['MovementRoute']>, ParentType, ContextType>;
  sourceKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceRecords?: Resolver<Array<ResolversTypes['SourceRecord']>, ParentType, ContextType>;
  statedCarrier?: Resolver<Maybe<ResolversTypes['PartyRef']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['MovementStatus'], ParentType, ContextType>;
  statusRaw?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  stream?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['MovementEnd'], ParentType, ContextType>;
  vehicle?: Resolver<Maybe<ResolversTypes['MovementVehicle']>, ParentType, ContextType>;
  wasteCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type MovementConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MovementConnection'] = ResolversParentTypes['MovementConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['MovementEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type MovementEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MovementEdge'] = ResolversParentTypes['MovementEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Movement'], ParentType, ContextType>;
}>;

export type MovementEndResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MovementEnd'] = ResolversParentTypes['MovementEnd']> = ResolversObject<{
  facility?: Resolver<Maybe<ResolversTypes['Facility']>, ParentType, ContextType>;
  facilityCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  party?: Resolver<Maybe<ResolversTypes['Party']>, ParentType, ContextType>;
  project?: Resolver<Maybe<ResolversTypes['Project']>, ParentType, ContextType>;
  projectCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  statedParty?: Resolver<Maybe<ResolversTypes['PartyRef']>, ParentType, ContextType>;
  street?: Resolver<Maybe<ResolversTypes['Street']>, ParentType, ContextType>;
}>;

export type MovementRouteResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MovementRoute'] = ResolversParentTypes['MovementRoute']> = ResolversObject<{
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  incineration?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  kind?: Resolver<Maybe<ResolversTypes['RouteKind']>, ParentType, ContextType>;
  landfill?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type MovementVehicleResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MovementVehicle'] = ResolversParentTypes['MovementVehicle']> = ResolversObject<{
  plate?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  registered?: Resolver<Maybe<ResolversTypes['Vehicle']>, ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  acknowledgeFlag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationAcknowledgeFlagArgs, 'id'>>;
  acknowledgeFlags?: Resolver<Array<ResolversTypes['FlagActionResult']>, ParentType, ContextType, RequireFields<MutationAcknowledgeFlagsArgs, 'ids'>>;
  assignFlag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationAssignFlagArgs, 'id'>>;
  assignFlags?: Resolver<Array<ResolversTypes['FlagActionResult']>, ParentType, ContextType, RequireFields<MutationAssignFlagsArgs, 'ids'>>;
  changeRuleSettings?: Resolver<ResolversTypes['RuleSetVersion'], ParentType, ContextType, RequireFields<MutationChangeRuleSettingsArgs, 'input'>>;
  closePeriod?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationClosePeriodArgs, 'period'>>;
  commentOnFlag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationCommentOnFlagArgs, 'id' | 'text'>>;
  commentOnFlags?: Resolver<Array<ResolversTypes['FlagActionResult']>, ParentType, ContextType, RequireFields<MutationCommentOnFlagsArgs, 'ids' | 'text'>>;
  computeIndicators?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationComputeIndicatorsArgs, 'period'>>;
  createApiKey?: Resolver<ResolversTypes['CreatedApiKey'], ParentType, ContextType, RequireFields<MutationCreateApiKeyArgs, 'input'>>;
  createWebhookSubscription?: Resolver<ResolversTypes['CreatedWebhookSubscription'], ParentType, ContextType, RequireFields<MutationCreateWebhookSubscriptionArgs, 'input'>>;
  decideResolutionCase?: Resolver<ResolversTypes['ResolutionCase'], ParentType, ContextType, RequireFields<MutationDecideResolutionCaseArgs, 'id' | 'input'>>;
  deleteWebhookSubscription?: Resolver<ResolversTypes['WebhookSubscription'], ParentType, ContextType, RequireFields<MutationDeleteWebhookSubscriptionArgs, 'id'>>;
  dismissFlag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationDismissFlagArgs, 'id' | 'reason'>>;
  dismissFlags?: Resolver<Array<ResolversTypes['FlagActionResult']>, ParentType, ContextType, RequireFields<MutationDismissFlagsArgs, 'ids' | 'reason'>>;
  escalateFlag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationEscalateFlagArgs, 'agency' | 'id' | 'reason'>>;
  issueToken?: Resolver<ResolversTypes['IssuedToken'], ParentType, ContextType, RequireFields<MutationIssueTokenArgs, 'ttlSeconds'>>;
  redeliverWebhook?: Resolver<ResolversTypes['WebhookDelivery'], ParentType, ContextType, RequireFields<MutationRedeliverWebhookArgs, 'deliveryId'>>;
  registerTrustedOperation?: Resolver<ResolversTypes['TrustedOperation'], ParentType, ContextType, RequireFields<MutationRegisterTrustedOperationArgs, 'document'>>;
  reopenFlag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationReopenFlagArgs, 'id' | 'reason'>>;
  reopenFlags?: Resolver<Array<ResolversTypes['FlagActionResult']>, ParentType, ContextType, RequireFields<MutationReopenFlagsArgs, 'ids' | 'reason'>>;
  resolveFlag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<MutationResolveFlagArgs, 'id' | 'input'>>;
  resolveFlags?: Resolver<Array<ResolversTypes['FlagActionResult']>, ParentType, ContextType, RequireFields<MutationResolveFlagsArgs, 'ids' | 'input'>>;
  retryQuarantine?: Resolver<Array<ResolversTypes['QuarantineRetry']>, ParentType, ContextType, Partial<MutationRetryQuarantineArgs>>;
  revokeApiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType, RequireFields<MutationRevokeApiKeyArgs, 'keyId'>>;
  runJob?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationRunJobArgs, 'kind'>>;
  runReconciliation?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationRunReconciliationArgs, 'period'>>;
  setIndicatorInput?: Resolver<ResolversTypes['IndicatorValue'], ParentType, ContextType, RequireFields<MutationSetIndicatorInputArgs, 'code' | 'period' | 'reason' | 'value'>>;
  triggerSync?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationTriggerSyncArgs, 'source'>>;
}>;

export type OriginalQuantityResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['OriginalQuantity'] = ResolversParentTypes['OriginalQuantity']> = ResolversObject<{
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type PartyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Party'] = ResolversParentTypes['Party']> = ResolversObject<{
  aboveDesignatedSize?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  address?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  aliases?: Resolver<Array<ResolversTypes['PartyAlias']>, ParentType, ContextType>;
  flags?: Resolver<ResolversTypes['FlagConnection'], ParentType, ContextType, RequireFields<PartyFlagsArgs, 'first'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  industryCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  institution?: Resolver<Maybe<ResolversTypes['InstitutionProfile']>, ParentType, ContextType>;
  licences?: Resolver<Array<ResolversTypes['Licence']>, ParentType, ContextType>;
  mergedInto?: Resolver<Maybe<ResolversTypes['Party']>, ParentType, ContextType>;
  movements?: Resolver<ResolversTypes['MovementConnection'], ParentType, ContextType, RequireFields<PartyMovementsArgs, 'first'>>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  primaryKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reports?: Resolver<ResolversTypes['PeriodReportConnection'], ParentType, ContextType, RequireFields<PartyReportsArgs, 'first'>>;
  roles?: Resolver<Array<ResolversTypes['PartyRole']>, ParentType, ContextType>;
  sourceRecords?: Resolver<Array<ResolversTypes['SourceRecord']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PartyStatus'], ParentType, ContextType>;
  street?: Resolver<Maybe<ResolversTypes['Street']>, ParentType, ContextType>;
  uscc?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type PartyAliasResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PartyAlias'] = ResolversParentTypes['PartyAlias']> = ResolversObject<{
  firstSeenAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  lastSeenAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  street?: Resolver<Maybe<ResolversTypes['Street']>, ParentType, ContextType>;
  usccRaw?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  usccValid?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type PartyConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PartyConnection'] = ResolversParentTypes['PartyConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['PartyEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type PartyEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PartyEdge'] = ResolversParentTypes['PartyEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Party'], ParentType, ContextType>;
}>;

export type PartyRefResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PartyRef'] = ResolversParentTypes['PartyRef']> = ResolversObject<{
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  uscc?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type PartyTotalResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PartyTotal'] = ResolversParentTypes['PartyTotal']> = ResolversObject<{
  grams?: Resolver<ResolversTypes['Grams'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  partyId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  uscc?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type PeriodResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Period'] = ResolversParentTypes['Period']> = ResolversObject<{
  dirty?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  lastClosedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lateRecords?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  period?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PeriodStatus'], ParentType, ContextType>;
  versions?: Resolver<Array<ResolversTypes['PeriodVersion']>, ParentType, ContextType>;
}>;

export type PeriodReportResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PeriodReport'] = ResolversParentTypes['PeriodReport']> = ResolversObject<{
  area?: Resolver<Maybe<ResolversTypes['ReportArea']>, ParentType, ContextType>;
  attributes?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  category?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  categoryName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ReportKind'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['ReportLine']>, ParentType, ContextType>;
  measures?: Resolver<Array<ResolversTypes['ReportMeasure']>, ParentType, ContextType>;
  months?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  packages?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  party?: Resolver<Maybe<ResolversTypes['Party']>, ParentType, ContextType>;
  period?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  periodKind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reportKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceRecords?: Resolver<Array<ResolversTypes['SourceRecord']>, ParentType, ContextType>;
  statedParty?: Resolver<Maybe<ResolversTypes['PartyRef']>, ParentType, ContextType>;
  stream?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type PeriodReportConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PeriodReportConnection'] = ResolversParentTypes['PeriodReportConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['PeriodReportEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type PeriodReportEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PeriodReportEdge'] = ResolversParentTypes['PeriodReportEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['PeriodReport'], ParentType, ContextType>;
}>;

export type PeriodVersionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PeriodVersion'] = ResolversParentTypes['PeriodVersion']> = ResolversObject<{
  closedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  closedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  indicatorValues?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lateRecords?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type PreviousComparisonResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PreviousComparison'] = ResolversParentTypes['PreviousComparison']> = ResolversObject<{
  change?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  period?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type ProjectResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Project'] = ResolversParentTypes['Project']> = ResolversObject<{
  approved?: Resolver<Maybe<ResolversTypes['StatedMass']>, ParentType, ContextType>;
  builder?: Resolver<Maybe<ResolversTypes['Party']>, ParentType, ContextType>;
  endDate?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  floorArea?: Resolver<Maybe<ResolversTypes['OriginalQuantity']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<Maybe<ResolversTypes['ProjectKind']>, ParentType, ContextType>;
  location?: Resolver<Maybe<ResolversTypes['GeoPoint']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  permitNo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  projectCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  startDate?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  statedBuilder?: Resolver<Maybe<ResolversTypes['PartyRef']>, ParentType, ContextType>;
  street?: Resolver<Maybe<ResolversTypes['Street']>, ParentType, ContextType>;
}>;

export type QuarantineConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['QuarantineConnection'] = ResolversParentTypes['QuarantineConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['QuarantineEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type QuarantineCountsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['QuarantineCounts'] = ResolversParentTypes['QuarantineCounts']> = ResolversObject<{
  open?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  resolved?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type QuarantineEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['QuarantineEdge'] = ResolversParentTypes['QuarantineEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['QuarantineEntry'], ParentType, ContextType>;
}>;

export type QuarantineEntryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['QuarantineEntry'] = ResolversParentTypes['QuarantineEntry']> = ResolversObject<{
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  firstSeenAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastSeenAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  raw?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  resolvedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stream?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type QuarantineRetryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['QuarantineRetry'] = ResolversParentTypes['QuarantineRetry']> = ResolversObject<{
  connectorRejects?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  open?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  remapped?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  resolved?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  resyncJobId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stillOpen?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  stream?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  agencies?: Resolver<Array<ResolversTypes['Agency']>, ParentType, ContextType>;
  apiKeys?: Resolver<Array<ResolversTypes['ApiKey']>, ParentType, ContextType, RequireFields<QueryApiKeysArgs, 'includeRevoked'>>;
  communities?: Resolver<Array<ResolversTypes['Community']>, ParentType, ContextType, Partial<QueryCommunitiesArgs>>;
  completeness?: Resolver<ResolversTypes['CompletenessCalendar'], ParentType, ContextType, RequireFields<QueryCompletenessArgs, 'period'>>;
  dashboard?: Resolver<ResolversTypes['Dashboard'], ParentType, ContextType, Partial<QueryDashboardArgs>>;
  dashboardMonths?: Resolver<ResolversTypes['DashboardMonths'], ParentType, ContextType, Partial<QueryDashboardMonthsArgs>>;
  facility?: Resolver<ResolversTypes['Facility'], ParentType, ContextType, RequireFields<QueryFacilityArgs, 'id'>>;
  flag?: Resolver<ResolversTypes['Flag'], ParentType, ContextType, RequireFields<QueryFlagArgs, 'id'>>;
  flags?: Resolver<ResolversTypes['FlagConnection'], ParentType, ContextType, RequireFields<QueryFlagsArgs, 'first'>>;
  flows?: Resolver<ResolversTypes['Flows'], ParentType, ContextType, RequireFields<QueryFlowsArgs, 'stream'>>;
  health?: Resolver<ResolversTypes['Health'], ParentType, ContextType>;
  indicator?: Resolver<Maybe<ResolversTypes['Indicator']>, ParentType, ContextType, RequireFields<QueryIndicatorArgs, 'code'>>;
  indicatorDefinitions?: Resolver<Array<ResolversTypes['Indicator']>, ParentType, ContextType, RequireFields<QueryIndicatorDefinitionsArgs, 'priorityOnly'>>;
  indicators?: Resolver<Array<ResolversTypes['IndicatorValue']>, ParentType, ContextType, RequireFields<QueryIndicatorsArgs, 'period'>>;
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType, RequireFields<QueryJobArgs, 'jobId'>>;
  jobs?: Resolver<ResolversTypes['JobConnection'], ParentType, ContextType, RequireFields<QueryJobsArgs, 'first'>>;
  me?: Resolver<ResolversTypes['Caller'], ParentType, ContextType>;
  movement?: Resolver<ResolversTypes['Movement'], ParentType, ContextType, RequireFields<QueryMovementArgs, 'id'>>;
  movements?: Resolver<ResolversTypes['MovementConnection'], ParentType, ContextType, RequireFields<QueryMovementsArgs, 'first'>>;
  parties?: Resolver<ResolversTypes['PartyConnection'], ParentType, ContextType, RequireFields<QueryPartiesArgs, 'first'>>;
  party?: Resolver<ResolversTypes['Party'], ParentType, ContextType, RequireFields<QueryPartyArgs, 'id'>>;
  periods?: Resolver<Array<ResolversTypes['Period']>, ParentType, ContextType, Partial<QueryPeriodsArgs>>;
  project?: Resolver<ResolversTypes['Project'], ParentType, ContextType, RequireFields<QueryProjectArgs, 'id'>>;
  quarantine?: Resolver<ResolversTypes['QuarantineConnection'], ParentType, ContextType, RequireFields<QueryQuarantineArgs, 'first'>>;
  reconcileRuns?: Resolver<ResolversTypes['ReconcileRunConnection'], ParentType, ContextType, RequireFields<QueryReconcileRunsArgs, 'first'>>;
  resolutionCase?: Resolver<ResolversTypes['ResolutionCase'], ParentType, ContextType, RequireFields<QueryResolutionCaseArgs, 'id'>>;
  resolutionCases?: Resolver<ResolversTypes['ResolutionCaseConnection'], ParentType, ContextType, RequireFields<QueryResolutionCasesArgs, 'first'>>;
  ruleSetInForce?: Resolver<ResolversTypes['RuleSetVersion'], ParentType, ContextType, RequireFields<QueryRuleSetInForceArgs, 'period'>>;
  ruleSetVersions?: Resolver<Array<ResolversTypes['RuleSetVersion']>, ParentType, ContextType>;
  sources?: Resolver<Array<ResolversTypes['Source']>, ParentType, ContextType>;
  streets?: Resolver<Array<ResolversTypes['Street']>, ParentType, ContextType>;
  syncRuns?: Resolver<ResolversTypes['SyncRunConnection'], ParentType, ContextType, RequireFields<QuerySyncRunsArgs, 'first'>>;
  topParties?: Resolver<Array<ResolversTypes['PartyTotal']>, ParentType, ContextType, RequireFields<QueryTopPartiesArgs, 'first' | 'measure' | 'stream'>>;
  trustedOperations?: Resolver<Array<ResolversTypes['TrustedOperation']>, ParentType, ContextType>;
  vehicle?: Resolver<ResolversTypes['Vehicle'], ParentType, ContextType, RequireFields<QueryVehicleArgs, 'plate'>>;
  wasteCategories?: Resolver<Array<ResolversTypes['WasteCategory']>, ParentType, ContextType, RequireFields<QueryWasteCategoriesArgs, 'stream'>>;
  webhookDeliveries?: Resolver<ResolversTypes['WebhookDeliveryConnection'], ParentType, ContextType, RequireFields<QueryWebhookDeliveriesArgs, 'first'>>;
  webhookSubscriptions?: Resolver<Array<ResolversTypes['WebhookSubscription']>, ParentType, ContextType>;
}>;

export type ReconcileDiffResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ReconcileDiff'] = ResolversParentTypes['ReconcileDiff']> = ResolversObject<{
  autoClosed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  changed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  new?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reopened?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unchanged?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ReconcileRuleCountsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ReconcileRuleCounts'] = ResolversParentTypes['ReconcileRuleCounts']> = ResolversObject<{
  diff?: Resolver<ResolversTypes['ReconcileDiff'], ParentType, ContextType>;
  durationMs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  periods?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  raised?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rule?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ReconcileRunResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ReconcileRun'] = ResolversParentTypes['ReconcileRun']> = ResolversObject<{
  asOf?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  changed?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  checkpoints?: Resolver<Array<ResolversTypes['ReconcileSyncCheckpoint']>, ParentType, ContextType>;
  diff?: Resolver<ResolversTypes['ReconcileDiff'], ParentType, ContextType>;
  durationMs?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  jobId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  mode?: Resolver<ResolversTypes['ReconcileRunMode'], ParentType, ContextType>;
  perRule?: Resolver<Array<ResolversTypes['ReconcileRuleCounts']>, ParentType, ContextType>;
  periods?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  requestedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ruleSetVersion?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rules?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  runId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ReconcileRunStatus'], ParentType, ContextType>;
}>;

export type ReconcileRunConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ReconcileRunConnection'] = ResolversParentTypes['ReconcileRunConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ReconcileRunEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ReconcileRunEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ReconcileRunEdge'] = ResolversParentTypes['ReconcileRunEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['ReconcileRun'], ParentType, ContextType>;
}>;

export type ReconcileSyncCheckpointResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ReconcileSyncCheckpoint'] = ResolversParentTypes['ReconcileSyncCheckpoint']> = ResolversObject<{
  connector?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stream?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  syncRunId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type ReportAreaResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ReportArea'] = ResolversParentTypes['ReportArea']> = ResolversObject<{
  level?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  street?: Resolver<Maybe<ResolversTypes['Street']>, ParentType, ContextType>;
}>;

export type ReportLineResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ReportLine'] = ResolversParentTypes['ReportLine']> = ResolversObject<{
  grams?: Resolver<ResolversTypes['Grams'], ParentType, ContextType>;
  measure?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  original?: Resolver<ResolversTypes['OriginalQuantity'], ParentType, ContextType>;
  tonnes?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ReportMeasureResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ReportMeasure'] = ResolversParentTypes['ReportMeasure']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  measure?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  original?: Resolver<ResolversTypes['OriginalQuantity'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ResolutionCaseResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ResolutionCase'] = ResolversParentTypes['ResolutionCase']> = ResolversObject<{
  candidates?: Resolver<Array<ResolversTypes['Party']>, ParentType, ContextType>;
  decidedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  evidence?: Resolver<ResolversTypes['ResolutionEvidence'], ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['ResolutionDecisionEntry']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ResolutionCaseKind'], ParentType, ContextType>;
  openedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ResolutionCaseStatus'], ParentType, ContextType>;
  subject?: Resolver<Maybe<ResolversTypes['Party']>, ParentType, ContextType>;
  subjectKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ResolutionCaseConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ResolutionCaseConnection'] = ResolversParentTypes['ResolutionCaseConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ResolutionCaseEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ResolutionCaseEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ResolutionCaseEdge'] = ResolversParentTypes['ResolutionCaseEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['ResolutionCase'], ParentType, ContextType>;
}>;

export type ResolutionDecisionEntryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ResolutionDecisionEntry'] = ResolversParentTypes['ResolutionDecisionEntry']> = ResolversObject<{
  candidate?: Resolver<Maybe<ResolversTypes['Party']>, ParentType, ContextType>;
  candidateKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  correctedUscc?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  decidedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  decidedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  decidedByKeyId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  decision?: Resolver<ResolversTypes['ResolutionDecisionKind'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ResolutionEvidenceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ResolutionEvidence'] = ResolversParentTypes['ResolutionEvidence']> = ResolversObject<{
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  normalisedName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  street?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  usccRaw?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type RuleSetVersionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RuleSetVersion'] = ResolversParentTypes['RuleSetVersion']> = ResolversObject<{
  createdAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  effectiveFrom?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  note?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  origin?: Resolver<ResolversTypes['RuleSetOrigin'], ParentType, ContextType>;
  rules?: Resolver<Array<ResolversTypes['RuleSetting']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type RuleSettingResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RuleSetting'] = ResolversParentTypes['RuleSetting']> = ResolversObject<{
  rule?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  severity?: Resolver<ResolversTypes['FlagSeverity'], ParentType, ContextType>;
  tolerance?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type SourceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Source'] = ResolversParentTypes['Source']> = ResolversObject<{
  health?: Resolver<ResolversTypes['SourceHealth'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lagSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastRunAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lastSuccessAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  quarantine?: Resolver<ResolversTypes['QuarantineCounts'], ParentType, ContextType>;
  recordCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  streams?: Resolver<Array<ResolversTypes['SourceStream']>, ParentType, ContextType>;
  urlKind?: Resolver<ResolversTypes['SourceUrlKind'], ParentType, ContextType>;
}>;

export type SourceRecordResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SourceRecord'] = ResolversParentTypes['SourceRecord']> = ResolversObject<{
  firstSeenAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  hash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['SourceRecordVersion']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastSeenAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  payload?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stream?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  versionSeenAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type SourceRecordVersionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SourceRecordVersion'] = ResolversParentTypes['SourceRecordVersion']> = ResolversObject<{
  hash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  payload?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  seenAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  supersededAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type SourceStreamResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SourceStream'] = ResolversParentTypes['SourceStream']> = ResolversObject<{
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastRun?: Resolver<Maybe<ResolversTypes['SyncRun']>, ParentType, ContextType>;
  lastSuccessAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  openQuarantine?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  recordCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type StatedMassResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['StatedMass'] = ResolversParentTypes['StatedMass']> = ResolversObject<{
  grams?: Resolver<ResolversTypes['Grams'], ParentType, ContextType>;
  original?: Resolver<ResolversTypes['OriginalQuantity'], ParentType, ContextType>;
  tonnes?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type StatedQuantityResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['StatedQuantity'] = ResolversParentTypes['StatedQuantity']> = ResolversObject<{
  at?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  category?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  grams?: Resolver<ResolversTypes['Grams'], ParentType, ContextType>;
  original?: Resolver<ResolversTypes['OriginalQuantity'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['QuantityRole'], ParentType, ContextType>;
  sourceRecord?: Resolver<Maybe<ResolversTypes['SourceRecord']>, ParentType, ContextType>;
  tonnes?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type StreetResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Street'] = ResolversParentTypes['Street']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  fullName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type SyncCountsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SyncCounts'] = ResolversParentTypes['SyncCounts']> = ResolversObject<{
  changed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  new?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  quarantined?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  read?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unchanged?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type SyncRunResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SyncRun'] = ResolversParentTypes['SyncRun']> = ResolversObject<{
  counts?: Resolver<ResolversTypes['SyncCounts'], ParentType, ContextType>;
  cursorAfter?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  cursorBefore?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  durationMs?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  errors?: Resolver<Array<ResolversTypes['SyncRunError']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  jobId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['SyncStatus'], ParentType, ContextType>;
  stream?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type SyncRunConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SyncRunConnection'] = ResolversParentTypes['SyncRunConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['SyncRunEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type SyncRunEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SyncRunEdge'] = ResolversParentTypes['SyncRunEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['SyncRun'], ParentType, ContextType>;
}>;

export type SyncRunErrorResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SyncRunError'] = ResolversParentTypes['SyncRunError']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  code?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type TargetComparisonResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TargetComparison'] = ResolversParentTypes['TargetComparison']> = ResolversObject<{
  evaluation?: Resolver<ResolversTypes['TargetEvaluation'], ParentType, ContextType>;
  kind?: Resolver<Maybe<ResolversTypes['TargetKind']>, ParentType, ContextType>;
  source?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  text?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  year?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type TrustedOperationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TrustedOperation'] = ResolversParentTypes['TrustedOperation']> = ResolversObject<{
  document?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hash?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  registeredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  registeredBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type VehicleResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Vehicle'] = ResolversParentTypes['Vehicle']> = ResolversObject<{
  hauler?: Resolver<Maybe<ResolversTypes['Party']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  permitValidTo?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  plate?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  plateRaw?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ratedLoad?: Resolver<Maybe<ResolversTypes['StatedMass']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  statedHauler?: Resolver<Maybe<ResolversTypes['PartyRef']>, ParentType, ContextType>;
}>;

export type WasteCategoryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WasteCategory'] = ResolversParentTypes['WasteCategory']> = ResolversObject<{
  attributes?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  class?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  nameEn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  needsReview?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  table?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  validFrom?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  validTo?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type WebhookAttemptResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookAttempt'] = ResolversParentTypes['WebhookAttempt']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  attempt?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  durationMs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  statusCode?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type WebhookDeliveryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookDelivery'] = ResolversParentTypes['WebhookDelivery']> = ResolversObject<{
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  deliveredAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  eventId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  eventType?: Resolver<ResolversTypes['WebhookEventType'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastStatusCode?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  log?: Resolver<Array<ResolversTypes['WebhookAttempt']>, ParentType, ContextType>;
  nextAttemptAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['WebhookDeliveryStatus'], ParentType, ContextType>;
  subscriptionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type WebhookDeliveryConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookDeliveryConnection'] = ResolversParentTypes['WebhookDeliveryConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['WebhookDeliveryEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type WebhookDeliveryEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookDeliveryEdge'] = ResolversParentTypes['WebhookDeliveryEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['WebhookDelivery'], ParentType, ContextType>;
}>;

export type WebhookSubscriptionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookSubscription'] = ResolversParentTypes['WebhookSubscription']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  deletedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  events?: Resolver<Array<ResolversTypes['WebhookEventType']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  keyId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = GraphQLContext> = ResolversObject<{
  Agency?: AgencyResolvers<ContextType>;
  ApiKey?: ApiKeyResolvers<ContextType>;
  Caller?: CallerResolvers<ContextType>;
  Community?: CommunityResolvers<ContextType>;
  CompletenessCalendar?: CompletenessCalendarResolvers<ContextType>;
  CompletenessCell?: CompletenessCellResolvers<ContextType>;
  CompletenessCounts?: CompletenessCountsResolvers<ContextType>;
  CompletenessPeriodTotals?: CompletenessPeriodTotalsResolvers<ContextType>;
  CompletenessReporter?: CompletenessReporterResolvers<ContextType>;
  CompletenessReporterEdge?: CompletenessReporterEdgeResolvers<ContextType>;
  CreatedApiKey?: CreatedApiKeyResolvers<ContextType>;
  CreatedWebhookSubscription?: CreatedWebhookSubscriptionResolvers<ContextType>;
  Dashboard?: DashboardResolvers<ContextType>;
  DashboardMonth?: DashboardMonthResolvers<ContextType>;
  DashboardMonths?: DashboardMonthsResolvers<ContextType>;
  DashboardRow?: DashboardRowResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  EmbeddedServer?: EmbeddedServerResolvers<ContextType>;
  Facility?: FacilityResolvers<ContextType>;
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
  FlowLink?: FlowLinkResolvers<ContextType>;
  FlowNode?: FlowNodeResolvers<ContextType>;
  Flows?: FlowsResolvers<ContextType>;
  GeoPoint?: GeoPointResolvers<ContextType>;
  Grams?: GraphQLScalarType;
  Health?: HealthResolvers<ContextType>;
  Indicator?: IndicatorResolvers<ContextType>;
  IndicatorContribution?: IndicatorContributionResolvers<ContextType>;
  IndicatorContributionConnection?: IndicatorContributionConnectionResolvers<ContextType>;
  IndicatorContributionEdge?: IndicatorContributionEdgeResolvers<ContextType>;
  IndicatorInput?: IndicatorInputResolvers<ContextType>;
  IndicatorTarget?: IndicatorTargetResolvers<ContextType>;
  IndicatorValue?: IndicatorValueResolvers<ContextType>;
  InstitutionProfile?: InstitutionProfileResolvers<ContextType>;
  IssuedToken?: IssuedTokenResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Job?: JobResolvers<ContextType>;
  JobConnection?: JobConnectionResolvers<ContextType>;
  JobEdge?: JobEdgeResolvers<ContextType>;
  Licence?: LicenceResolvers<ContextType>;
  ManualProvenance?: ManualProvenanceResolvers<ContextType>;
  Movement?: MovementResolvers<ContextType>;
  MovementConnection?: MovementConnectionResolvers<ContextType>;
  MovementEdge?: MovementEdgeResolvers<ContextType>;
  MovementEnd?: MovementEndResolvers<ContextType>;
  MovementRoute?: MovementRouteResolvers<ContextType>;
  MovementVehicle?: MovementVehicleResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  OriginalQuantity?: OriginalQuantityResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Party?: PartyResolvers<ContextType>;
  PartyAlias?: PartyAliasResolvers<ContextType>;
  PartyConnection?: PartyConnectionResolvers<ContextType>;
  PartyEdge?: PartyEdgeResolvers<ContextType>;
  PartyRef?: PartyRefResolvers<ContextType>;
  PartyTotal?: PartyTotalResolvers<ContextType>;
  Period?: PeriodResolvers<ContextType>;
  PeriodReport?: PeriodReportResolvers<ContextType>;
  PeriodReportConnection?: PeriodReportConnectionResolvers<ContextType>;
  PeriodReportEdge?: PeriodReportEdgeResolvers<ContextType>;
  PeriodVersion?: PeriodVersionResolvers<ContextType>;
  PreviousComparison?: PreviousComparisonResolvers<ContextType>;
  Project?: ProjectResolvers<ContextType>;
  QuarantineConnection?: QuarantineConnectionResolvers<ContextType>;
  QuarantineCounts?: QuarantineCountsResolvers<ContextType>;
  QuarantineEdge?: QuarantineEdgeResolvers<ContextType>;
  QuarantineEntry?: QuarantineEntryResolvers<ContextType>;
  QuarantineRetry?: QuarantineRetryResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ReconcileDiff?: ReconcileDiffResolvers<ContextType>;
  ReconcileRuleCounts?: ReconcileRuleCountsResolvers<ContextType>;
  ReconcileRun?: ReconcileRunResolvers<ContextType>;
  ReconcileRunConnection?: ReconcileRunConnectionResolvers<ContextType>;
  ReconcileRunEdge?: ReconcileRunEdgeResolvers<ContextType>;
  ReconcileSyncCheckpoint?: ReconcileSyncCheckpointResolvers<ContextType>;
  ReportArea?: ReportAreaResolvers<ContextType>;
  ReportLine?: ReportLineResolvers<ContextType>;
  ReportMeasure?: ReportMeasureResolvers<ContextType>;
  ResolutionCase?: ResolutionCaseResolvers<ContextType>;
  ResolutionCaseConnection?: ResolutionCaseConnectionResolvers<ContextType>;
  ResolutionCaseEdge?: ResolutionCaseEdgeResolvers<ContextType>;
  ResolutionDecisionEntry?: ResolutionDecisionEntryResolvers<ContextType>;
  ResolutionEvidence?: ResolutionEvidenceResolvers<ContextType>;
  RuleSetVersion?: RuleSetVersionResolvers<ContextType>;
  RuleSetting?: RuleSettingResolvers<ContextType>;
  Source?: SourceResolvers<ContextType>;
  SourceRecord?: SourceRecordResolvers<ContextType>;
  SourceRecordVersion?: SourceRecordVersionResolvers<ContextType>;
  SourceStream?: SourceStreamResolvers<ContextType>;
  StatedMass?: StatedMassResolvers<ContextType>;
  StatedQuantity?: StatedQuantityResolvers<ContextType>;
  Street?: StreetResolvers<ContextType>;
  SyncCounts?: SyncCountsResolvers<ContextType>;
  SyncRun?: SyncRunResolvers<ContextType>;
  SyncRunConnection?: SyncRunConnectionResolvers<ContextType>;
  SyncRunEdge?: SyncRunEdgeResolvers<ContextType>;
  SyncRunError?: SyncRunErrorResolvers<ContextType>;
  TargetComparison?: TargetComparisonResolvers<ContextType>;
  TrustedOperation?: TrustedOperationResolvers<ContextType>;
  Vehicle?: VehicleResolvers<ContextType>;
  WasteCategory?: WasteCategoryResolvers<ContextType>;
  WebhookAttempt?: WebhookAttemptResolvers<ContextType>;
  WebhookDelivery?: WebhookDeliveryResolvers<ContextType>;
  WebhookDeliveryConnection?: WebhookDeliveryConnectionResolvers<ContextType>;
  WebhookDeliveryEdge?: WebhookDeliveryEdgeResolvers<ContextType>;
  WebhookSubscription?: WebhookSubscriptionResolvers<ContextType>;
}>;

export type DirectiveResolvers<ContextType = GraphQLContext> = ResolversObject<{
  auth?: AuthDirectiveResolver<any, any, ContextType>;
}>;
