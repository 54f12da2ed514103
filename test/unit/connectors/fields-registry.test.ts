import { z } from 'zod';
import { decimal, integer, isoInstant, localDate, localDateTime, month, oneOf } from '../../../connectors/fields';
import { buildConnectors, connectorById, connectorDefinitions } from '../../../connectors/registry';
import { loadConfig } from '../../../src/config';

const parse = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? result.data : `error: ${result.error.issues[0]?.message}`;
};

describe('field parsers', () => {
  it.each([
    [12.3456, '12.3456'],
    ['１２.５０', '12.50'],
    [' 1,234.5 ', '1234.5'],
    [1e-7, '0.0000001'],
    ['007', '7'],
    ['-0', '0'],
    ['12,5kg', 'error: expected a decimal number'],
    ['', 'error: expected a decimal number'],
  ])('decimal %p → %p', (value, expected) => expect(parse(decimal, value)).toBe(expected));

  it.each([
    ['2026-11-03 08:15:00', '2026-11-03T08:15:00+08:00'],
    ['２０２６-１１-０３ ８:１５', '2026-11-03T08:15:00+08:00'],
    ['2026/11/3 08:15:00', '2026-11-03T08:15:00+08:00'],
    ['2026-11-03T08:15:00+08:00', '2026-11-03T08:15:00+08:00'],
    ['2026-02-30 08:00:00', 'error: expected a local time YYYY-MM-DD HH:mm:ss'],
  ])('localDateTime %p → %p', (value, expected) => expect(parse(localDateTime, value)).toBe(expected));

  it('parses dates, months, instants, integers and codes as the specs write them', () => {
    expect(parse(localDate, '2026-10-05 00:00:00')).toBe('2026-10-05');
    expect(parse(month, '202610')).toBe('2026-10');
    expect(parse(month, '2026-13')).toBe('error: expected a month YYYYMM or YYYY-MM');
    expect(parse(isoInstant, '2026-11-03T08:15:00')).toBe('error: expected an ISO 8601 time with offset');
    expect(parse(integer, '５００')).toBe(500);
    expect(parse(integer, '1.5')).toBe('error: expected a whole number');
    expect(parse(oneOf(['DEPARTED', 'VOIDED'], { 已作废: 'VOIDED' }), '已作废')).toBe('VOIDED');
  });
});

describe('connector registry', () => {
  it('builds only the configured sources, each with streams', () => {
    const registry = buildConnectors(
      loadConfig({ SOURCE_MEDICAL_URL: 'file:///srv/medical', SOURCE_INDUSTRIAL_URL: 'https://sw.example.gov.cn/openapi', INDUSTRIAL_APP_KEY: 'k', INDUSTRIAL_APP_SECRET: 's' }),
    );
    expect([...registry.keys()]).toEqual(['industrial', 'medical']);
    expect(connectorById(registry, 'medical').streams.map((s) => s.name)).toEqual(['institutions', 'ledgers', 'receipts', 'recyclables']);
    expect(() => connectorById(registry, 'household')).toThrow(/not configured/);
    expect(() => connectorById(registry, 'weather')).toThrow(/unknown source/);
  });

  it('lists the five sources of shared/sources/README.md', () => {
    expect(connectorDefinitions.map((d) => d.id)).toEqual(['industrial', 'household', 'construction', 'medical', 'taxstat']);
  });
});
