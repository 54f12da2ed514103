import { describe, expect, it } from 'vitest';
import { localDate, localDateTime } from './dates';

describe('dates', () => {
  it('writes what toLocaleDateString and toLocaleString write', () => {
    for (const iso of ['2026-12-07T02:35:30.000Z', '2026-01-31T23:59:59.999Z', '2025-06-15T12:00:00Z']) {
      expect(localDate(iso)).toBe(new Date(iso).toLocaleDateString());
      expect(localDateTime(iso)).toBe(new Date(iso).toLocaleString());
    }
  });
});
