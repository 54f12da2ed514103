/**
 * HW-LICENCE — may the receiver take this waste? (接受单位经营许可证 核准类别, DESIGN §5)
 *
 * Compares the manifest's class (fwlb) with the classes (hzlb) of the receiver's HW business licences as
 * the platform's enterprise registry states them, keyed by manifest number. Any occurrence is a finding:
 * a class the licence does not list, or a registered receiver that holds no HW licence at all.
 *
 * Unknown, so no finding: a receiver the enterprise registry does not list (only manifests mention it:
 * its licence is not known to the hub); a manifest without a class (HW-CODE's concern).
 * Not a finding: a voided manifest (zt 90); class spellings `HW08`, `hw 08`, `08` are the same class.
 * The licensed operators are a small reference set, read once.
 */
import { movementSubject, side, usccKey, type HwLicenceRef, type Rule } from './rule';

/** `HW08`, `hw 08`, `08` → `HW08`; null when it is not a class. */
export function normaliseHwClass(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const match = /^(?:HW)?(\d{1,2})$/.exec(raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase());
  return match ? `HW${match[1]!.padStart(2, '0')}` : null;
}

export type HwLicenceVerdict = { kind: 'NO_LICENCE' } | { kind: 'CLASS_NOT_COVERED'; hwClass: string };

/**
 * Pure: is the manifest's class among the receiver's licensed classes? `licensedClasses` null = the
 * receiver's licence is unknown (not in the registry); [] = a registered receiver without an HW licence.
 */
export function compareHwLicence(input: { hwClass: string | null; licensedClasses: readonly string[] | null }): HwLicenceVerdict | null {
  const hwClass = normaliseHwClass(input.hwClass);
  if (!hwClass) return null; // no class stated: HW-CODE's concern, not the licence's
  if (input.licensedClasses === null) return null; // unknown is not a violation
  if (input.licensedClasses.length === 0) return { kind: 'NO_LICENCE' };
  const covered = input.licensedClasses.map(normaliseHwClass);
  return covered.includes(hwClass) ? null : { kind: 'CLASS_NOT_COVERED', hwClass };
}

export const hwLicence: Rule = {
  id: 'HW-LICENCE',
  title: 'receiver licence covers the class',
  stream: 'industrial',
  subjectKind: 'MOVEMENT',
  key: 'manifest no. (ldbh)',
  reads: ['movements', 'parties'],
  kinds: { movements: ['HW_MANIFEST'] },
  toleranceUnit: 'any',
  defaults: { tolerance: 0, severity: 'HIGH' },
  scan: { kind: 'HW_MANIFEST' },
  evaluate({ period, settings, refs }, emit) {
    let licences: ReadonlyMap<string, HwLicenceRef> | null = null;
    return {
      async visit(m) {
        if (m.status === 'VOIDED') return;
        licences ??= await refs.hwLicences();
        const receiverUscc = usccKey(m.to.party?.uscc);
        const receiver = receiverUscc ? (licences.get(receiverUscc) ?? null) : null;
        const verdict = compareHwLicence({ hwClass: m.hwClass, licensedClasses: receiver?.registered ? receiver.classes : null });
        if (!verdict) return;
        const generator = usccKey(m.from.party?.uscc);
        const street = generator ? ((await refs.partyStreets()).get(generator) ?? null) : null;
        const receiverName = receiver?.name ?? m.to.party?.name ?? receiverUscc ?? 'unknown receiver';
        const difference = verdict.kind === 'NO_LICENCE' ? '接受单位无危险废物经营许可证 / the receiver holds no HW business licence' : `许可证未核准 ${verdict.hwClass} 类 / class ${verdict.hwClass} is not on the receiver's licence`;
        await emit({
          rule: 'HW-LICENCE',
          severity: settings.severity,
          stream: 'industrial',
          period,
          subject: movementSubject(m, `转移联单 ${m.sourceKey}`, generator, street),
          evidence: {
            sides: [
              side({ source: 'industrial', label: 'manifest 废物类别 (fwlb)', value: m.hwClass ?? '', unit: 'class', records: m.sources }),
              side({ source: 'industrial', label: `receiver ${receiverName} licensed classes (hzlb)`, value: receiver ? receiver.classes.join(',') : 'none', unit: 'classes', records: receiver?.sources ?? [] }),
            ],
            difference,
            tolerance: 'any',
            message: `manifest ${m.sourceKey}: ${difference} for ${receiverName}${receiver?.licenceNumbers.length ? ` (licence ${receiver.licenceNumbers.join(', ')})` : ''}`,
          },
        });
      },
      async finish() {},
    };
  },
};
