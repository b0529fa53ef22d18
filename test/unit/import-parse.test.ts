import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { parseNdjson } from '../../src/services/import.js';

function problems(text: string) {
  try {
    parseNdjson(text);
  } catch (err) {
    if (err instanceof AppError) return err.fields;
    throw err;
  }
  throw new Error('expected the file to be rejected');
}

describe('NDJSON import parsing', () => {
  it('parses each record type and skips blank lines', () => {
    const lines = parseNdjson(
      [
        JSON.stringify({ type: 'enterprise', creditCode: '91350100m000100y43', name: '绍兴越城某某纺织有限公司', region: '越城区' }),
        '',
        JSON.stringify({ type: 'resource', kind: 'equipment', name: 'GC-MS', details: { accreditation: ['CMA'] } }),
        JSON.stringify({ type: 'need', enterprise: '91350100M000100Y43', title: '想测一下面料甲醛' }),
      ].join('\n'),
    );
    expect(lines.map((l) => [l.line, l.type])).toEqual([[1, 'enterprise'], [3, 'resource'], [4, 'need']]);
    expect(lines[0]!.data).toMatchObject({ creditCode: '91350100M000100Y43', region: 'yuecheng' });
  });

  it('reports every bad line with its number and field', () => {
    const fields = problems(
      [
        '{"type":"resource","kind":"lab","name":"ok"}',
        '{"type":"resource","kind":"lab","name":"","capacityPerMonth":-5}',
        '[1,2',
        '{"type":"planet"}',
        '{"type":"need","title":"无主需求"}',
        '{"type":"resource","kind":"equipment","name":"x","details":{"hourlyPrice":"cheap"}}',
      ].join('\n'),
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 2, path: 'name' }),
        expect.objectContaining({ line: 2, path: 'capacityPerMonth' }),
        { line: 3, path: '(line)', message: 'is not valid JSON' },
        expect.objectContaining({ line: 4, path: 'type' }),
        expect.objectContaining({ line: 5, path: 'enterprise' }),
        expect.objectContaining({ line: 6, path: 'details.hourlyPrice' }),
      ]),
    );
    expect(fields.some((f) => f.line === 1)).toBe(false);
  });

  it('rejects an empty file', () => {
    expect(problems('\n\n')).toEqual([{ path: '(file)', message: 'contains no records' }]);
  });
});
