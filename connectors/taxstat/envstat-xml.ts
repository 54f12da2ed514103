/**
 * Streaming reader of envstat XML (taxstat.md "Layouts"): yields one flat record per
 * GeneralSolidWaste / HazardousWaste element, carrying the report's year/region and its enterprise's
 * uscc/name/industry. Only the current enterprise's attributes are held in memory.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { JsonObject } from '../contract';
import { decodeText, FileEncodingError } from '../files/encoding';

export type EnvstatItem = { kind: 'element'; line: number; payload: JsonObject } | { kind: 'xml-error'; reason: string };

const QUANTITY_ELEMENTS = new Set(['GeneralSolidWaste', 'HazardousWaste']);

export async function* readEnvstatXml(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<EnvstatItem> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  let report: JsonObject = {};
  let enterprise: JsonObject | null = null;
  let sawRoot = false;
  const ready: EnvstatItem[] = [];
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const attributes: JsonObject = { ...tag.attributes };
    if (tag.name === 'EnvStatReport') {
      sawRoot = true;
      report = { year: attributes.year ?? null, region: attributes.region ?? null };
    } else if (tag.name === 'Enterprise') {
      enterprise = { uscc: attributes.uscc ?? null, name: attributes.name ?? null, industry: attributes.industry ?? null };
    } else if (QUANTITY_ELEMENTS.has(tag.name)) {
      ready.push({ kind: 'element', line: parser.line, payload: { element: tag.name, ...report, ...(enterprise ?? { uscc: null, name: null, industry: null }), ...attributes } });
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'Enterprise') enterprise = null;
  });
  const malformed = (error: unknown): EnvstatItem => ({ kind: 'xml-error', reason: `${error instanceof FileEncodingError ? 'bad encoding' : 'malformed XML'}: ${error instanceof Error ? error.message : String(error)}` });
  // Only parse and encoding errors become a file reject; a network error reading the body propagates.
  try {
    for await (const text of decodeText(bytes)) {
      try {
        parser.write(text);
      } catch (error) {
        yield* ready.splice(0);
        yield malformed(error);
        return;
      }
      yield* ready.splice(0);
    }
    parser.close();
  } catch (error) {
    yield* ready.splice(0);
    if (error instanceof FileEncodingError || (error instanceof Error && /^\d+:\d+: /.test(error.message))) {
      yield malformed(error);
      return;
    }
    throw error;
  }
  yield* ready.splice(0);
  if (!sawRoot) yield { kind: 'xml-error', reason: 'no <EnvStatReport> root element' };
}
