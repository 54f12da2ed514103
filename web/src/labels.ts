/** API enum values → i18n keys. Records over the generated enums: a new enum value fails typecheck here. */
import type { CompletenessStatus, FilingKind, FlagHistoryAction, FlagSeverity, FlagStatus, ResolutionCaseKind, ResolutionCaseStatus, ResolutionDecisionKind, Role, RuleSetOrigin, TargetEvaluation } from './graphql/generated';
import type { MessageKey, Translate } from './i18n';

export const STATUS_LABEL: Record<FlagStatus, MessageKey> = {
  OPEN: 'statusOPEN',
  ACKNOWLEDGED: 'statusACKNOWLEDGED',
  RESOLVED: 'statusRESOLVED',
  DISMISSED: 'statusDISMISSED',
};

export const SEVERITY_LABEL: Record<FlagSeverity, MessageKey> = {
  INFO: 'severityINFO',
  LOW: 'severityLOW',
  MEDIUM: 'severityMEDIUM',
  HIGH: 'severityHIGH',
  CRITICAL: 'severityCRITICAL',
};

// Solid tags with white text: Ant Design's light preset tags fail WCAG AA contrast (axe, in the e2e test).
export const SEVERITY_COLOR: Record<FlagSeverity, string> = {
  INFO: '#434343',
  LOW: '#0050b3',
  MEDIUM: '#874d00',
  HIGH: '#ad2102',
  CRITICAL: '#a8071a',
};

export const EVALUATION_COLOR: Record<TargetEvaluation, string> = { MET: '#237804', NOT_MET: '#a8071a', NOT_APPLICABLE: '#434343' };

export const SEVERITY_RANK: Record<FlagSeverity, number> = { INFO: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

export const ROLE_LABEL: Record<Role, MessageKey> = {
  ADMIN: 'roleADMIN',
  STEWARD: 'roleSTEWARD',
  ANALYST: 'roleANALYST',
  PARTNER: 'rolePARTNER',
};

export const HISTORY_ACTION_LABEL: Record<FlagHistoryAction, MessageKey> = {
  RAISED: 'actionRAISED',
  DATA_CHANGED: 'actionDATA_CHANGED',
  REOPENED_DATA_CHANGED: 'actionREOPENED_DATA_CHANGED',
  CONDITION_CLEARED: 'actionCONDITION_CLEARED',
  CONDITION_RETURNED: 'actionCONDITION_RETURNED',
  ACKNOWLEDGED: 'actionACKNOWLEDGED',
  ASSIGNED: 'actionASSIGNED',
  COMMENTED: 'actionCOMMENTED',
  RESOLVED: 'actionRESOLVED',
  DISMISSED: 'actionDISMISSED',
  REOPENED: 'actionREOPENED',
  ESCALATED: 'actionESCALATED',
};

export const EVALUATION_LABEL: Record<TargetEvaluation, MessageKey> = {
  MET: 'evaluationMET',
  NOT_MET: 'evaluationNOT_MET',
  NOT_APPLICABLE: 'evaluationNOT_APPLICABLE',
};

export const FLAG_STATUSES = Object.keys(STATUS_LABEL) as FlagStatus[];
export const FLAG_SEVERITIES = Object.keys(SEVERITY_LABEL) as FlagSeverity[];

export const CASE_KIND_LABEL: Record<ResolutionCaseKind, MessageKey> = {
  AMBIGUOUS_NAME: 'kindAMBIGUOUS_NAME',
  NAME_SHARED_DIFFERENT_USCC: 'kindNAME_SHARED_DIFFERENT_USCC',
  USCC_NAME_CONFLICT: 'kindUSCC_NAME_CONFLICT',
  NO_STREET: 'kindNO_STREET',
};

export const CASE_STATUS_LABEL: Record<ResolutionCaseStatus, MessageKey> = { OPEN: 'caseOPEN', DECIDED: 'caseDECIDED' };

export const DECISION_LABEL: Record<ResolutionDecisionKind, MessageKey> = {
  SAME_ORGANISATION: 'decisionSAME_ORGANISATION',
  DIFFERENT_ORGANISATIONS: 'decisionDIFFERENT_ORGANISATIONS',
  CORRECT_USCC: 'decisionCORRECT_USCC',
};

export const ORIGIN_LABEL: Record<RuleSetOrigin, MessageKey> = { CODE: 'originCODE', API: 'originAPI' };

export const CASE_KINDS = Object.keys(CASE_KIND_LABEL) as ResolutionCaseKind[];
export const CASE_STATUSES = Object.keys(CASE_STATUS_LABEL) as ResolutionCaseStatus[];
export const DECISIONS = Object.keys(DECISION_LABEL) as ResolutionDecisionKind[];

export const CELL_STATUS_LABEL: Record<CompletenessStatus, MessageKey> = {
  RECEIVED: 'cellRECEIVED',
  LATE: 'cellLATE',
  MISSING: 'cellMISSING',
  REVISED: 'cellREVISED',
  NOT_DUE: 'cellNOT_DUE',
};

// The heat map's cells and the totals' tags: a colour per status, white text readable on each (WCAG AA).
export const CELL_STATUS_COLOR: Record<CompletenessStatus, string> = {
  RECEIVED: '#237804',
  LATE: '#874d00',
  MISSING: '#a8071a',
  REVISED: '#0050b3',
  NOT_DUE: '#595959',
};

export const CELL_STATUSES = Object.keys(CELL_STATUS_LABEL) as CompletenessStatus[];

export const FILING_KIND_LABEL: Record<FilingKind, MessageKey> = {
  GENERAL_LEDGER: 'filingGENERAL_LEDGER',
  HW_LEDGER: 'filingHW_LEDGER',
  ENV_TAX: 'filingENV_TAX',
  ENV_STAT: 'filingENV_STAT',
  ECON: 'filingECON',
  MEDICAL_LEDGER: 'filingMEDICAL_LEDGER',
  MEDICAL_RECEIPTS: 'filingMEDICAL_RECEIPTS',
  WEIGH_TICKETS: 'filingWEIGH_TICKETS',
};

/**
 * The flows' Sankey node ids (src/indicators/aggregate.ts: stages, the household and construction
 * facility types, the waste categories) → i18n keys. The API's node label is the id itself.
 */
export const FLOW_NODE_LABEL: Readonly<Record<string, MessageKey>> = {
  generated: 'flowGenerated',
  utilised: 'flowUtilised',
  utilisation: 'flowUtilised',
  disposed: 'flowDisposed',
  disposal: 'flowDisposed',
  storage: 'flowStorage',
  'on-site utilisation/disposal': 'flowOnSite',
  'recyclables (street collection)': 'flowStreetRecyclables',
  recycled: 'flowRecycled',
  landfill: 'flowLandfill',
  incineration: 'flowIncineration',
  'other disposal': 'flowOtherDisposal',
  'transfer station': 'flowTransferStation',
  'unknown facility': 'flowUnknownFacility',
  'in transit': 'flowInTransit',
  'handed over': 'flowHandedOver',
  '?': 'flowNoCategory',
  TRANSFER_STATION: 'facilityTRANSFER_STATION',
  INCINERATOR: 'facilityINCINERATOR',
  FOOD_WASTE_PLANT: 'facilityFOOD_WASTE_PLANT',
  LANDFILL: 'facilityLANDFILL',
  SORTING_CENTER: 'facilitySORTING_CENTER',
  HAZARDOUS_COLLECTION: 'facilityHAZARDOUS_COLLECTION',
  DISPOSAL_SITE: 'facilityDISPOSAL_SITE',
  RECYCLING_PLANT: 'facilityRECYCLING_PLANT',
  BACKFILL: 'facilityBACKFILL',
  HW_TREATMENT: 'facilityHW_TREATMENT',
  MEDICAL_DISPOSAL: 'facilityMEDICAL_DISPOSAL',
  // a node named OTHER is a facility type (a target); the household category OTHER only comes as `collected: OTHER`
  OTHER: 'facilityOTHER',
  SPOIL: 'categorySPOIL',
  MUD: 'categoryMUD',
  CONSTRUCTION: 'categoryCONSTRUCTION',
  DEMOLITION: 'categoryDEMOLITION',
  DECORATION: 'categoryDECORATION',
};

/** The streams whose flows the dashboard draws (the `flows` query's `stream` argument). */
export const FLOW_STREAM_LABEL = {
  'industrial-hw': 'flowStreamIndustrialHw',
  'industrial-general': 'flowStreamIndustrialGeneral',
  household: 'flowStreamHousehold',
  construction: 'flowStreamConstruction',
  medical: 'flowStreamMedical',
} as const satisfies Readonly<Record<string, MessageKey>>;

/** The household categories a street collection names (`collected: <category>` nodes). */
export const HOUSEHOLD_CATEGORY_LABEL: Readonly<Record<string, MessageKey>> = {
  KITCHEN: 'categoryKITCHEN',
  FOOD_SERVICE: 'categoryFOOD_SERVICE',
  RECYCLABLE: 'categoryRECYCLABLE',
  HAZARDOUS: 'categoryHAZARDOUS',
  OTHER: 'categoryOTHER',
  BULKY: 'categoryBULKY',
  GARDEN: 'categoryGARDEN',
  '?': 'flowNoCategory',
};

/** A Sankey node's label in the reader's language; an id the tables do not know (a new code) shows as it comes. */
export function flowNodeLabel(id: string, t: Translate): string {
  const collected = /^collected: (.*)$/.exec(id);
  if (collected) {
    const category = HOUSEHOLD_CATEGORY_LABEL[collected[1]!];
    return t('flowCollected', { category: category ? t(category) : collected[1]! });
  }
  const key = FLOW_NODE_LABEL[id];
  return key ? t(key) : id;
}
