/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015): 18 characters = registration authority
 * (1) + organisation type (1) + administrative division (6) + organisation code (9, GB 11714 with its own
 * check digit) + check character (1). Generated codes are valid; discrepancy injection breaks them on purpose.
 */
import type { Rng } from './prng';

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The GB 32100 check character for the first 17 characters, or null if one is outside the alphabet. */
export function usccCheckCharacter(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17.charAt(i));
    if (value < 0) return null;
    sum += value * (USCC_WEIGHTS[i] as number);
  }
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

export function isValidUscc(code: string): boolean {
  return code.length === 18 && usccCheckCharacter(code.slice(0, 17)) === code.charAt(17);
}

function orgCodeCheckDigit(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(first8.charAt(i)) * (ORG_CODE_WEIGHTS[i] as number);
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** Division codes the district's organisations register under. */
const DIVISIONS = ['110302', '110302', '110302', '110115', '110105', '110112'];

/** Hands out distinct valid codes; `9` = market-regulation registered, `1` = enterprise, `12…` = public institution. */
export class UsccFactory {
  private readonly issued = new Set<string>();
  /** `division`: every code gets this division (a district of a city); default: the stand-alone mix */
  constructor(
    private readonly rng: Rng,
    private readonly division?: string,
  ) {}

  next(kind: 'enterprise' | 'institution' = 'enterprise'): string {
    for (;;) {
      const prefix = kind === 'enterprise' ? '91' : '12';
      const picked = this.rng.pick(DIVISIONS);
      const division = this.division ?? picked;
      let digits = '';
      for (let i = 0; i < 8; i++) digits += String(this.rng.int(0, 9));
      const first17 = prefix + division + digits + orgCodeCheckDigit(digits);
      const code = first17 + (usccCheckCharacter(first17) as string);
      if (!this.issued.has(code)) {
        this.issued.add(code);
        return code;
      }
    }
  }
}

/** The same code with a wrong check character (a typo a source really contains). */
export function corruptUsccCheck(code: string): string {
  const right = code.charAt(17);
  const index = (USCC_ALPHABET.indexOf(right) + 7) % 31;
  return code.slice(0, 17) + USCC_ALPHABET.charAt(index);
}

/**
 * A valid code of another organisation derived from `code` without drawing from the generator (so the
 * codes drawn after it stay the same): the organisation code's last digit moved on, both checks recomputed.
 */
export function neighbourUscc(code: string): string {
  const digits = code.slice(8, 15) + String((Number(code.charAt(15)) + 1) % 10);
  const first17 = code.slice(0, 8) + digits + orgCodeCheckDigit(digits);
  return first17 + (usccCheckCharacter(first17) as string);
}
