import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { validateRecord } from '../../../connectors/contract';
import { createMedicalConnector } from '../../../connectors/medical';
import { ledgerRowSchema, parseMedicalPath } from '../../../connectors/medical/streams';
import { allRecords, allRejects, collect, json, startServer, instantHttp, type LocalServer } from './support';

const HOSPITAL = '12110107400000001X';
const CLINIC = '52110107MJ0000002Y';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function put(root: string, path: string, bytes: Buffer): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), bytes);
}

/** GB18030 ledger with a title row, shuffled columns, spaced/full-width headers, blank and 合计 rows, full-width digits. */
const hospitalLedger = [
  '北京市某医院医疗废物登记表（2026年10月）,,,,,,,',
  ',,,,,,,',
  '科室 ,日期,废物类别,重量（kg）,转移联单号,包装数,交接时间,交接人',
  '内科,2026-10-01,感染性,１２.５,MW2026100001,2,2026-10-02 09:00:00,张三',
  '内科,2026-10-01,感染性,3.0,MW2026100001,1,2026-10-02 09:00:00,张三',
  '外科,2026-10-01,损伤性废物,1.25,MW2026100001,1,2026-10-02 09:00:00,张三',
  ',,,,,,,',
  '检验科,2026-10-02,化学性,abc,MW2026100002,1,2026-10-03 09:00:00,李四',
  '合计,,,16.75,,,,',
].join('\r\n');

async function clinicWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('2026年10月');
  sheet.addRow(['某诊所医疗废物登记']);
  sheet.addRow(['日期', '科室', '废物类别', '重量(kg)', '包装数', '交接时间', '交接人', '转移联单号']);
  sheet.addRow([new Date(Date.UTC(2026, 9, 5)), '全科', '感染性', 0.8, 1, new Date(Date.UTC(2026, 9, 6, 10, 30)), '王五', 'MW2026100009']);
  sheet.getCell('A3').numFmt = 'yyyy-mm-dd';
  sheet.getCell('F3').numFmt = 'yyyy-mm-dd hh:mm:ss';
  sheet.addRow(['合计', '', '', 0.8]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function makeDrop(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'medical-drop-'));
  put(root, 'institutions.csv', Buffer.concat([BOM, Buffer.from(`机构名称,统一社会信用代码,执业许可证登记号,机构类别,床位数,街道,收运方式\n北京市某医院,${HOSPITAL},PDY00001,医院,５００,八角街道,直收\n某诊所,,PDY00002,诊所,0,古城街道,小箱进大箱\n`, 'utf8')]));
  put(root, `ledgers/${HOSPITAL}/2026-10.csv`, iconv.encode(hospitalLedger, 'gb18030'));
  put(root, `ledgers/${CLINIC}/2026-10.xlsx`, await clinicWorkbook());
  // 重量(kg) renamed to 重量（吨）: read, converted exactly into kg.
  put(root, 'receipts/91110000DISPOSER01/2026-10.csv', Buffer.from(`转移联单号,医疗机构统一社会信用代码,接收时间,废物类别,重量（吨）,处置方式\nMW2026100001,${HOSPITAL},2026-10-02 11:00:00,感染性,0.0155,焚烧\nMW2026100002,${HOSPITAL},2026-10-03 11:00:00,感染性,１.２,焚烧\n`, 'utf8'));
  // 重量 with no unit: the whole file is rejected, naming the column whose unit cannot be known.
  put(root, 'receipts/91110000DISPOSER01/2026-11.csv', Buffer.from(`转移联单号,医疗机构统一社会信用代码,接收时间,废物类别,重量,处置方式\nMW2026110001,${HOSPITAL},2026-11-02 11:00:00,感染性,15.5,焚烧\n`, 'utf8'));
  return root;
}

describe('medical connector (file drop)', () => {
  let root: string;
  beforeAll(async () => {
    root = await makeDrop();
  });

  it('reads a GB18030 ledger under a title row with columns in any order, skipping blank and 合计 rows', async () => {
    const connector = createMedicalConnector({ url: pathToFileURL(root).href });
    const batches = await collect(connector.read('ledgers', null));
    const hospital = allRecords(batches).filter((r) => r.origin?.path.includes(HOSPITAL));
    expect(hospital.map((r) => r.sourceId)).toEqual([
      `${HOSPITAL}/2026-10|MW2026100001|2026-10-01|内科|感染性`,
      `${HOSPITAL}/2026-10|MW2026100001|2026-10-01|内科|感染性#2`,
      `${HOSPITAL}/2026-10|MW2026100001|2026-10-01|外科|损伤性`,
    ]);
    expect(hospital[0]?.payload).toEqual({ 日期: '2026-10-01', 科室: '内科', 废物类别: '感染性', '重量(kg)': '１２.５', 包装数: '2', 交接时间: '2026-10-02 09:00:00', 交接人: '张三', 转移联单号: 'MW2026100001' });
    const parsed = validateRecord(ledgerRowSchema, hospital[0]!.payload);
    expect(parsed).toEqual({ ok: true, record: expect.objectContaining({ '重量(kg)': '12.5', 交接时间: '2026-10-02T09:00:00+08:00', 包装数: 2 }) });
    const [badRow] = allRejects(batches);
    expect(badRow).toMatchObject({ sourceKey: `ledgers/${HOSPITAL}/2026-10.csv:8`, reason: 'line 8: 重量(kg): expected a decimal number, got "abc"' });
    expect(hospital[0]?.versionSignal).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('reads an XLSX ledger under a title row, with spreadsheet dates', async () => {
    const connector = createMedicalConnector({ url: pathToFileURL(root).href });
    const records = allRecords(await collect(connector.read('ledgers', null))).filter((r) => r.origin?.path.endsWith('.xlsx'));
    expect(records).toHaveLength(1);
    expect(records[0]?.payload).toMatchObject({ 日期: '2026-10-05 00:00:00', '重量(kg)': '0.8', 交接时间: '2026-10-06 10:30:00' });
    expect(validateRecord(ledgerRowSchema, records[0]!.payload)).toMatchObject({ ok: true, record: { 日期: '2026-10-05', 交接时间: '2026-10-06T10:30:00+08:00' } });
  });

  it('reads a weight column renamed with another unit, converted exactly into kg', async () => {
    const connector = createMedicalConnector({ url: pathToFileURL(root).href });
    const records = allRecords(await collect(connector.read('receipts', null))).filter((r) => r.origin?.path.endsWith('2026-10.csv'));
    expect(records.map((r) => r.payload['重量(kg)'])).toEqual(['15.5', '1200']);
  });

  it('rejects a file whose weight column states no unit as a whole, naming the column, and keeps its old records', async () => {
    const connector = createMedicalConnector({ url: pathToFileURL(root).href });
    const batches = await collect(connector.read('receipts', null));
    const batch = batches.find((b) => b.fileVersion?.path.endsWith('2026-11.csv'));
    expect(batch?.records).toEqual([]);
    expect(batch?.rejects).toHaveLength(1);
    expect(batch?.rejects[0]?.reason).toContain('missing column(s) 重量(kg)');
    expect(batch?.rejects[0]?.reason).toContain('重量 states no unit the hub can convert');
    expect(batch?.fileVersion).toMatchObject({ path: 'receipts/91110000DISPOSER01/2026-11.csv', complete: true, fileRejected: true });
  });

  it('reads the institution registry (UTF-8 BOM, full-width digits, a clinic without USCC)', async () => {
    const connector = createMedicalConnector({ url: pathToFileURL(root).href });
    const records = allRecords(await collect(connector.read('institutions', null)));
    expect(records.map((r) => r.sourceId)).toEqual([HOSPITAL, 'licence:PDY00002']);
    expect(records[0]?.payload.机构名称).toBe('北京市某医院');
  });

  it('skips files already read and re-reads a corrected upload, naming the version it replaces', async () => {
    const drop = await makeDrop();
    const connector = createMedicalConnector({ url: pathToFileURL(drop).href });
    const first = await collect(connector.read('ledgers', null));
    const state = first.at(-1)!.state;
    expect(await collect(connector.read('ledgers', state))).toEqual([]);

    const path = `ledgers/${HOSPITAL}/2026-10.csv`;
    const oldSha = createHash('sha256').update(readFileSync(join(drop, path))).digest('hex');
    put(drop, path, iconv.encode(hospitalLedger.replace(',abc,', ',4.5,'), 'gb18030'));
    const corrected = await collect(connector.read('ledgers', state));
    expect(corrected).toHaveLength(1);
    expect(corrected[0]?.fileVersion).toMatchObject({ path, previousSha256: oldSha, complete: true, fileRejected: false });
    expect(corrected[0]?.records).toHaveLength(4);
    expect(corrected[0]?.rejects).toEqual([]);
  });

  it('resumes inside a file from the saved row count without repeating rows', async () => {
    const connector = createMedicalConnector({ url: pathToFileURL(root).href });
    const batches = await collect(connector.read('ledgers', null, { batchSize: 2 }));
    const all = batches.flatMap((b) => [...b.records.map((r) => r.sourceId), ...b.rejects.map((r) => r.sourceKey)]);
    const resumed = await collect(connector.read('ledgers', batches[0]!.state, { batchSize: 2 }));
    const rest = resumed.flatMap((b) => [...b.records.map((r) => r.sourceId), ...b.rejects.map((r) => r.sourceKey)]);
    expect([...batches[0]!.records.map((r) => r.sourceId), ...rest]).toEqual(all);
    expect(batches[0]?.fileVersion?.complete).toBe(false);
    expect(batches[0]?.state.inProgress).toMatchObject({ rowsDone: 2 });
  });

  it('reads the same drop over HTTP through index.json', async () => {
    const files = [`ledgers/${CLINIC}/2026-10.xlsx`];
    const bytes = readFileSync(join(root, files[0]!));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const server: LocalServer = await startServer((req, res) => {
      if (req.url === '/drop/index.json') return json(res, 200, [{ path: files[0], size: bytes.length, sha256, modifiedAt: '2026-11-01T08:00:00+08:00' }]);
      if (req.url === `/drop/${files[0]}`) {
        res.writeHead(200);
        return void res.end(bytes);
      }
      json(res, 404, {});
    });
    try {
      const connector = createMedicalConnector({ url: `${server.url}/drop`, http: instantHttp() });
      const batches = await collect(connector.read('ledgers', null));
      expect(allRecords(batches)).toHaveLength(1);
      expect(batches.at(-1)?.state).toEqual({ files: { [files[0]!]: sha256 }, inProgress: null });
    } finally {
      await server.close();
    }
  });

  it('classifies drop paths', () => {
    expect(parseMedicalPath(`ledgers/${HOSPITAL}/2026-10.xlsx`)).toEqual({ stream: 'ledgers', institutionUscc: HOSPITAL, month: '2026-10' });
    expect(parseMedicalPath('ledgers/notes.txt')).toBeNull();
  });
});
