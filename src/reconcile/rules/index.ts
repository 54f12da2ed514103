/**
 * The one list of reconciliation rules (DESIGN §5). Adding a rule: one file in this folder and one
 * entry here; the engine, the rule-set configuration (../tolerances.ts) and the API pick it up.
 */
import { cdwOpen } from './CDW-OPEN';
import { cdwProject } from './CDW-PROJECT';
import { cdwSpeed } from './CDW-SPEED';
import { cdwVehicle } from './CDW-VEHICLE';
import { cdwWeight } from './CDW-WEIGHT';
import { completeness } from './COMPLETENESS';
import { coverage } from './COVERAGE';
import { dataQuality } from './DATA-QUALITY';
import { gisBalance } from './GIS-BALANCE';
import { hhCategory } from './HH-CATEGORY';
import { hhChain } from './HH-CHAIN';
import { hhNet } from './HH-NET';
import { hwCode } from './HW-CODE';
import { hwLate } from './HW-LATE';
import { hwLedger } from './HW-LEDGER';
import { hwLicence } from './HW-LICENCE';
import { hwQty } from './HW-QTY';
import { idUscc } from './ID-USCC';
import { med48h } from './MED-48H';
import { medQty } from './MED-QTY';
import type { Rule, RuleId } from './rule';
import { statPlatform } from './STAT-PLATFORM';
import { taxPlatform } from './TAX-PLATFORM';

export type { Rule, RuleId } from './rule';

export const RULES: readonly Rule[] = [
  hwQty,
  hwLate,
  hwLedger,
  hwLicence,
  hwCode,
  gisBalance,
  taxPlatform,
  statPlatform,
  coverage,
  cdwWeight,
  cdwOpen,
  cdwSpeed,
  cdwVehicle,
  cdwProject,
  hhChain,
  hhCategory,
  hhNet,
  medQty,
  med48h,
  idUscc,
  dataQuality,
  completeness,
];

export const RULE_IDS: readonly RuleId[] = RULES.map((r) => r.id);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
