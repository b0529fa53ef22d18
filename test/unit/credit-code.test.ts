import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, creditCodeProblem, makeCreditCode } from '../../src/domain/credit-code.js';

describe('统一社会信用代码', () => {
  it('accepts published codes', () => {
    expect(creditCodeProblem('91350100M000100Y43')).toBeNull(); // the example in GB 32100-2015
    expect(creditCodeProblem('91110000100006485K')).toBeNull();
    expect(creditCodeProblem('91330000142916567N')).toBeNull();
  });

  it('rejects a wrong check character and says which one is right', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe('check character should be 3, got 4');
  });

  it('rejects wrong length, forbidden letters and a non-numeric division code', () => {
    expect(creditCodeProblem('91350100M000100Y4')).toMatch(/18 characters/);
    expect(creditCodeProblem('91350100M000100I43')).toMatch(/other than I, O, Z, S, V/);
    expect(creditCodeProblem('9135A100M000100Y43')).toMatch(/division code/);
  });

  it('builds codes that validate', () => {
    const code = makeCreditCode('91', '330603', 'MA2BCD12X');
    expect(code).toHaveLength(18);
    expect(creditCodeProblem(code)).toBeNull();
    expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
  });
});
