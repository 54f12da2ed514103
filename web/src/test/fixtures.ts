import type { FlagDetailFieldsFragment, FlagQueueQuery } from '../graphql/generated';
import type { Caller } from '../session';

export const steward: Caller = { keyId: 'k1steward', label: 'steward@EEB', role: 'STEWARD', agency: { code: 'EEB', name: '生态环境局', streams: ['industrial'] } };
export const partner: Caller = { keyId: 'k2partner', label: 'partner@EEB', role: 'PARTNER', agency: { code: 'EEB', name: '生态环境局', streams: ['industrial'] } };

export const facets: FlagQueueQuery['flags']['facets'] = {
  byRule: [
    { value: 'HW-QTY', count: 7 },
    { value: 'HW-LATE', count: 3 },
  ],
  byStatus: [
    { value: 'OPEN', count: 9 },
    { value: 'ACKNOWLEDGED', count: 1 },
  ],
};

export const hwQtyFlag: FlagDetailFieldsFragment = {
  id: 'f1',
  key: 'HW-QTY|M2026100001|2026-10',
  rule: 'HW-QTY',
  severity: 'HIGH',
  stream: 'industrial',
  status: 'OPEN',
  period: '2026-10',
  subject: { kind: 'MOVEMENT', key: 'M2026100001', label: '联单 M2026100001', street: 'BAJIAO', partyUscc: '91110107MA01ABCD1X' },
  evidence: {
    difference: '-8.00 %',
    differenceGrams: '-800000',
    tolerance: '> 5 %',
    message: '接收量比移出量少 8.00 %',
    sides: [
      { source: 'industrial', stream: 'hw-manifests', label: '移出量', value: '10.0000', unit: 't', grams: '10000000' },
      { source: 'industrial', stream: 'hw-manifests', label: '接收量', value: '9.2000', unit: 't', grams: '9200000' },
    ],
  },
  assignee: null,
  lastSeenAt: '2026-11-02T08:00:00+08:00',
  comments: [{ id: 'c1', at: '2026-11-02T09:00:00+08:00', author: { id: 'k9', label: '王工' }, text: '已联系接收单位' }],
  resolution: null,
  goldenValue: null,
  history: [
    { at: '2026-11-02T08:00:00+08:00', actor: { id: 'engine', label: 'reconciliation engine' }, action: 'RAISED', from: null, to: 'OPEN', note: null },
    { at: '2026-11-02T09:00:00+08:00', actor: { id: 'k9', label: '王工' }, action: 'COMMENTED', from: 'OPEN', to: 'OPEN', note: null },
  ],
  firstRaisedAt: '2026-11-02T08:00:00+08:00',
  closedByEngineAt: null,
  escalatedTo: [],
};
