/** Hand-made flags as rules would raise them: an HW-QTY manifest short-receipt and its relatives. */
import type { Stream } from '../../../src/auth/roles';
import type { FlagSeverity } from '../../../src/reconcile/flagModel';
import type { RaisedFlag } from '../../../src/reconcile/flags';

export const USCC = '91110107MA01ABCD1X';

/** A manifest shipped `shippedGrams` and received `receivedGrams` (HW-QTY, DESIGN §5). */
export function hwQtyFlag(manifestNo: string, shippedGrams: number, receivedGrams: number, overrides: Partial<RaisedFlag> = {}): RaisedFlag {
  const diff = receivedGrams - shippedGrams;
  return {
    rule: 'HW-QTY',
    severity: 'HIGH',
    stream: 'industrial',
    period: '2026-03',
    subject: { kind: 'MOVEMENT', key: manifestNo, label: `转移联单 ${manifestNo}`, partyUscc: USCC, street: '八角街道' },
    evidence: {
      sides: [
        { source: 'industrial', stream: 'industrial', label: 'manifest 移出量 (ycl)', value: (shippedGrams / 1e6).toFixed(4), unit: 't', grams: shippedGrams, sourceRecordIds: ['65f000000000000000000001'], payloadRef: `sourceRecords/65f000000000000000000001` },
        { source: 'industrial', stream: 'industrial', label: 'manifest 接收量 (jsl)', value: (receivedGrams / 1e6).toFixed(4), unit: 't', grams: receivedGrams, sourceRecordIds: ['65f000000000000000000002'], payloadRef: `sourceRecords/65f000000000000000000002` },
      ],
      difference: `${(diff / 1e6).toFixed(4)} t (${((diff / shippedGrams) * 100).toFixed(1)} %)`,
      differenceGrams: diff,
      tolerance: '5 %',
      message: `manifest ${manifestNo} received ${(receivedGrams / 1e6).toFixed(4)} t of ${(shippedGrams / 1e6).toFixed(4)} t shipped`,
    },
    ...overrides,
  };
}

/** A construction waybill whose entry weight differs from its exit weight (CDW-WEIGHT). */
export function cdwWeightFlag(waybillNo: string, severity: FlagSeverity = 'MEDIUM', stream: Stream = 'construction'): RaisedFlag {
  return {
    rule: 'CDW-WEIGHT',
    severity,
    stream,
    period: '2026-03',
    subject: { kind: 'MOVEMENT', key: waybillNo, label: `电子联单 ${waybillNo}`, street: '鲁谷街道' },
    evidence: {
      sides: [
        { source: 'construction', stream, label: 'site exit weight', value: '30.00', unit: 't', grams: 30_000_000, sourceRecordIds: ['65f0000000000000000000a1'], payloadRef: 'sourceRecords/65f0000000000000000000a1' },
        { source: 'construction', stream, label: 'facility entry weight', value: '26.00', unit: 't', grams: 26_000_000, sourceRecordIds: ['65f0000000000000000000a2'], payloadRef: 'sourceRecords/65f0000000000000000000a2' },
      ],
      difference: '-4.00 t (-13.3 %)',
      differenceGrams: -4_000_000,
      tolerance: '5 %',
      message: `waybill ${waybillNo} arrived 4.00 t lighter than it left`,
    },
  };
}
