/**
 * Dates as the browser's locale writes them, as `toLocaleDateString()` / `toLocaleString()` would, with one
 * formatter each: those build a new formatter per call, which a 50-row table's first render felt (~20 ms).
 */
const DATE = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'numeric', day: 'numeric' });
const DATE_TIME = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });

export const localDate = (iso: string): string => DATE.format(new Date(iso));
export const localDateTime = (iso: string): string => DATE_TIME.format(new Date(iso));
