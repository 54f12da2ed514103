/**
 * `hub sandbox export --dir D`: the scenario as the `file://` bundles the specs describe — for the REST
 * sources one JSON Lines file per stream (`<dir>/<source>/<stream>.jsonl`, records in change order, the
 * API's record layout), for medical and taxstat the drop / feed folder tree with its `index.json` —
 * plus `ground-truth.json`. Same seed, same bytes. The construction bundle also holds the nightly
 * waybill export (`export/waybills/<day>.csv`) as written that night: a trip that arrived after
 * midnight is DEPARTED there, older than the API's version (what a backfill over it must not undo).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { cstIso } from './scenario/clock';
import { EXPORT_HEADERS, exportRow } from './servers/construction';
import type { Scenario } from './scenario';
import type { JsonRecord, PublishedFile, VersionedRecord } from './scenario/types';
import { renderFileVersion, sha256 } from './files';

/** Records as served at clock `asOf`, in the sources' change order (updatedAt, then id). */
export function recordsAsOf(records: VersionedRecord[], asOf: number): { at: number; id: string; body: JsonRecord }[] {
  const visible: { at: number; id: string; body: JsonRecord }[] = [];
  for (const record of records) {
    let current: { at: number; body: JsonRecord } | undefined;
    for (const v of record.versions) if (v.at <= asOf) current = v;
    if (current) visible.push({ at: current.at, id: record.id, body: current.body });
  }
  visible.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return visible;
}

export interface FileAsOf {
  file: PublishedFile;
  at: number;
  bytes: Buffer;
  sha256: string;
}

/** The latest version of each file published by `asOf`, rendered. */
export async function filesAsOf(files: PublishedFile[], asOf: number): Promise<FileAsOf[]> {
  const out: FileAsOf[] = [];
  for (const file of files) {
    const version = file.versions.filter((v) => v.at <= asOf).at(-1);
    if (!version) continue;
    const bytes = await renderFileVersion(version);
    out.push({ file, at: version.at, bytes, sha256: sha256(bytes) });
  }
  return out.sort((a, b) => (a.file.path < b.file.path ? -1 : 1));
}

export function medicalIndex(files: FileAsOf[]): object[] {
  return files.map((f) => ({ path: f.file.path, size: f.bytes.length, sha256: f.sha256, modifiedAt: cstIso(f.at) }));
}

export function taxstatIndex(files: FileAsOf[]): object[] {
  return files.map((f) => ({ feed: f.file.feed ?? null, period: f.file.period ?? null, path: f.file.path, sha256: f.sha256, publishedAt: cstIso(f.at) }));
}

async function writeTree(dir: string, files: FileAsOf[], index: object[]): Promise<void> {
  for (const f of files) {
    const target = join(dir, ...f.file.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, f.bytes);
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
}

/** Each day's waybills (by exit day, CST) as they stood at that day's end, UTF-8 with BOM (construction.md). */
async function writeNightlyExports(waybills: VersionedRecord[], root: string, asOf: number): Promise<void> {
  const days = [...new Set(waybills.map((w) => String(w.versions[0]?.body.exitAt ?? '').slice(0, 10)))].filter((day) => /^\d{4}-\d{2}-\d{2}$/.test(day)).sort();
  for (const day of days) {
    const nightEnd = Math.min(Date.parse(`${day}T23:59:59+08:00`), asOf);
    if (nightEnd > asOf || Date.parse(`${day}T00:00:00+08:00`) > asOf) continue;
    const rows = recordsAsOf(waybills, nightEnd).filter((w) => typeof w.body.exitAt === 'string' && w.body.exitAt.slice(0, 10) === day).map((w) => exportRow(w.body));
    const path = join(root, 'export', 'waybills', `${day}.csv`);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(stringify([EXPORT_HEADERS, ...rows], { record_delimiter: '\r\n' }), 'utf8')]));
  }
}

export interface ExportOptions {
  /** clock value to export (default: the scenario horizon, i.e. complete data) */
  asOf?: number;
}

/** Writes every bundle under `dir` and returns the paths of the five source roots. */
export async function exportBundles(scenario: Scenario, dir: string, options: ExportOptions = {}): Promise<Record<'industrial' | 'household' | 'construction' | 'medical' | 'taxstat', string>> {
  const asOf = options.asOf ?? scenario.horizon;
  for (const [source, streams] of Object.entries(scenario.rest)) {
    const root = join(dir, source);
    await mkdir(root, { recursive: true });
    for (const [stream, records] of Object.entries(streams as Record<string, VersionedRecord[]>)) {
      const lines = recordsAsOf(records, asOf).map((r) => JSON.stringify(r.body));
      await writeFile(join(root, `${stream}.jsonl`), lines.length > 0 ? `${lines.join('\n')}\n` : '');
    }
  }
  await writeNightlyExports(scenario.rest.construction.waybills, join(dir, 'construction'), asOf);
  const medical = await filesAsOf(scenario.files.medical, asOf);
  await writeTree(join(dir, 'medical'), medical, medicalIndex(medical));
  const taxstat = await filesAsOf(scenario.files.taxstat, asOf);
  await writeTree(join(dir, 'taxstat'), taxstat, taxstatIndex(taxstat));
  await writeFile(join(dir, 'ground-truth.json'), `${JSON.stringify(scenario.groundTruth, null, 2)}\n`);
  return {
    industrial: join(dir, 'industrial'),
    household: join(dir, 'household'),
    construction: join(dir, 'construction'),
    medical: join(dir, 'medical'),
    taxstat: join(dir, 'taxstat'),
  };
}
