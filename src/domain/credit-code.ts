// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O, Z, S, V);
// the last is a check character computed from the first 17 with weights 3^i mod 31.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters of a code, or null if they use a character outside the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]!);
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Why a code is invalid, or null when it is valid. */
export function creditCodeProblem(code: string): string | null {
  if (code.length !== 18) return `must be 18 characters, got ${code.length}`;
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return 'may contain only digits and upper-case letters other than I, O, Z, S, V';
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'characters 3 to 8 must be the administrative division code (digits)';
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (code[17] !== expected) return `check character should be ${expected}, got ${code[17]}`;
  return null;
}

/** Builds a valid code from a registration-authority prefix ("91"), a 6-digit division code and a 9-character organisation code body. */
export function makeCreditCode(prefix: string, division: string, body: string): string {
  const first17 = `${prefix}${division}${body}`;
  const check = creditCodeCheckChar(first17);
  if (first17.length !== 17 || check === null) throw new Error(`cannot build a credit code from ${first17}`);
  return first17 + check;
}
