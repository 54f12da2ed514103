/**
 * GET /exports/flags.csv: the flags query's filter and scope, streamed through the one CSV writer
 * (BOM, formulas neutralised), refused to PARTNERs and to callers without a key.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { CSV_COLUMNS } from '../../../src/reconcile/export';
import { closeRedis } from '../../../src/infra/redis';
import { upsertFlags } from '../../../src/reconcile/flags';
import { startTestApi, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';
import { cdwWeightFlag, hwQtyFlag } from '../reconcile/raisedFlags';

useTestDatabase(__filename);

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '100000' });
  const injected = hwQtyFlag('HW900', 10_000_000, 9_000_000);
  await upsertFlags({ runId: 'seed' }, [
    { ...injected, subject: { ...injected.subject, label: '=HYPERLINK("http://evil.example","点我")' } },
    hwQtyFlag('HW901', 10_000_000, 9_900_000),
    cdwWeightFlag('CDW900'),
  ]);
});
afterAll(async () => {
  await api.close();
  await closeRedis();
});

async function download(query: string, key?: string) {
  const res = await fetch(`${api.url}/exports/flags.csv${query}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), bytes, text: bytes.toString('utf8') };
}

const rowsOf = (text: string) => parse(text, { columns: true, bom: true }) as Record<string, string>[];

describe('GET /exports/flags.csv', () => {
  it('streams the caller’s flags as UTF-8 CSV with a BOM and formula-neutralised cells', async () => {
    const key = await api.keyFor('ANALYST', 'TASKFORCE');
    const csv = await download('', key);
    expect(csv.status).toBe(200);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = rowsOf(csv.text);
    expect(rows.map((r) => r.subject_key).sort()).toEqual(['CDW900', 'HW900', 'HW901']);
    expect(rows.find((r) => r.subject_key === 'HW900')!.subject_label).toBe(`'=HYPERLINK("http://evil.example","点我")`);
  });

  it('streams the same rows as XLSX, every cell a string (never a formula)', async () => {
    const key = await api.keyFor('ANALYST', 'TASKFORCE');
    const res = await fetch(`${api.url}/exports/flags.xlsx?rule=HW-QTY`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.getWorksheet('flags')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...CSV_COLUMNS]);
    const labelColumn = CSV_COLUMNS.indexOf('subject_label') + 1;
    const labels = [2, 3].map((r) => sheet.getRow(r).getCell(labelColumn));
    expect(labels.map((c) => c.value).sort()).toEqual(['=HYPERLINK("http://evil.example","点我")', '转移联单 HW901']);
    expect(labels.every((c) => c.type === ExcelJS.ValueType.String)).toBe(true);
    expect(sheet.rowCount).toBe(3);
  });

  it('applies the same filters as the flags query, and keeps to the caller’s streams', async () => {
    const taskforce = await api.keyFor('ANALYST', 'TASKFORCE');
    expect(rowsOf((await download('?stream=construction', taskforce)).text).map((r) => r.subject_key)).toEqual(['CDW900']);
    expect(rowsOf((await download('?rule=HW-QTY&rule=CDW-WEIGHT&status=OPEN', taskforce)).text)).toHaveLength(3);
    const umc = await api.keyFor('STEWARD', 'UMC'); // household, construction
    expect(rowsOf((await download('', umc)).text).map((r) => r.subject_key)).toEqual(['CDW900']);
    expect(rowsOf((await download('?stream=industrial', umc)).text)).toEqual([]);
  });

  it('refuses bad parameters, PARTNERs and callers without a key', async () => {
    const analyst = await api.keyFor('ANALYST', 'TASKFORCE');
    const bad = await download('?status=MAYBE', analyst);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await download('?period=March', analyst)).status).toBe(400);
    expect((await download('?colour=red', analyst)).status).toBe(400);
    const partner = await download('', await api.keyFor('PARTNER', 'EEB'));
    expect(partner.status).toBe(403);
    expect((await download('')).status).toBe(401);
  });
});
