import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { validateRecord } from '../../../connectors/contract';
import { createTaxstatConnector } from '../../../connectors/taxstat';
import { envstatSchema } from '../../../connectors/taxstat/streams';
import { allRecords, allRejects, collect, instantHttp, json, startServer, type LocalServer } from './support';

const ENVTAX =
  '\uFEFF纳税人识别号,纳税人名称,税款所属期起,税款所属期止,污染物类别,固体废物名称,产生量(吨),贮存量(吨),处置量(吨),综合利用量(吨),当期排放量(吨),单位税额(元/吨),应纳税额(元)\n' +
  '91110107MA0000001A,某钢铁公司,2026-07-01,2026-09-30,固体废物,冶炼渣,1200.5,100,50,1050.5,0,25,0\n' +
  '91110107MA0000001A,某钢铁公司,2026-07-01,2026-09-30,大气污染物,,,,,,,,\n' +
  '91110107MA0000002B,某化工公司,2026-07-01,2026-09-30,固体废物,危险废物,12.3456,1,11.3456,0,0,1000,0\n';

const ENVSTAT = `<?xml version="1.0" encoding="UTF-8"?>
<EnvStatReport year="2026" region="石景山区">
  <Enterprise uscc="91110107MA0000001A" name="某钢铁公司" industry="3110">
    <GeneralSolidWaste category="其他" generated="14000.5" utilized="13000" utilizedFromStock="0" disposed="500" landfilled="0" stored="500.5"/>
    <GeneralSolidWaste category="污泥" generated="120" utilized="120" utilizedFromStock="0" disposed="0" landfilled="0" stored="0"/>
  </Enterprise>
  <Enterprise uscc="91110107MA0000002B" name="某化工公司" industry="2614">
    <HazardousWaste generated="48.2" utilizedDisposed="48.2" landfilled="0" stored="0"/>
    <GeneralSolidWaste category="其他" generated="lots"/>
  </Enterprise>
</EnvStatReport>`;

const ECON = '地区,期别,指标,数值,单位\n石景山区,2026-10,工业增加值,"12,345.6",万元\n八角街道,2026,常住人口,５.６,万人\n';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function feedFiles(envtax = ENVTAX): Record<string, string> {
  return { 'envtax/2026Q3.csv': envtax, 'envstat/2026.xml': ENVSTAT, 'econ/2026-10.csv': ECON };
}

function indexOf(files: Record<string, string>) {
  return Object.entries(files).map(([path, text]) => ({ feed: path.split('/')[0], period: path.split('/')[1]?.split('.')[0], path, sha256: sha(text), publishedAt: '2026-11-01T08:00:00+08:00' }));
}

describe('taxstat connector', () => {
  let server: LocalServer | undefined;
  afterEach(async () => server?.close());

  it('reads envtax over HTTP with Basic auth, solid-waste rows only, and re-reads a republished period', async () => {
    let files = feedFiles();
    server = await startServer((req, res) => {
      if (req.headers.authorization !== `Basic ${Buffer.from('stat:pw').toString('base64')}`) return json(res, 401, {});
      if (req.url === '/feed/index.json') return json(res, 200, indexOf(files));
      const path = req.url?.replace('/feed/', '') ?? '';
      const text = files[path];
      if (text === undefined) return json(res, 404, {});
      res.writeHead(200);
      res.end(text);
    });
    const connector = createTaxstatConnector({ url: `${server.url}/feed`, user: 'stat', password: 'pw', http: instantHttp() });
    const batches = await collect(connector.read('envtax', null));
    expect(allRecords(batches).map((r) => r.sourceId)).toEqual(['91110107MA0000001A|2026-07-01|2026-09-30|冶炼渣', '91110107MA0000002B|2026-07-01|2026-09-30|危险废物']);
    expect(allRejects(batches)).toEqual([]);
    const state = batches.at(-1)!.state;
    expect(await collect(connector.read('envtax', state))).toEqual([]);

    files = feedFiles(ENVTAX.replace('1200.5', '1210.5'));
    const revised = await collect(connector.read('envtax', state));
    expect(revised[0]?.fileVersion).toMatchObject({ path: 'envtax/2026Q3.csv', previousSha256: sha(ENVTAX), sha256: sha(files['envtax/2026Q3.csv']!) });
    expect(allRecords(revised)[0]?.payload['产生量(吨)']).toBe('1210.5');

    const denied = createTaxstatConnector({ url: `${server.url}/feed`, user: 'stat', password: 'wrong', http: instantHttp() });
    await expect(collect(denied.read('envtax', null))).rejects.toMatchObject({ code: 'SOURCE_AUTH' });
  });

  it('streams envstat XML into one record per quantity element, rejecting a bad element', async () => {
    const root = mkdtempSync(join(tmpdir(), 'taxstat-'));
    for (const [path, text] of Object.entries(feedFiles())) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    writeFileSync(join(root, 'index.json'), JSON.stringify(indexOf(feedFiles())));
    const connector = createTaxstatConnector({ url: pathToFileURL(root).href });
    const batches = await collect(connector.read('envstat', null));
    expect(allRecords(batches).map((r) => r.sourceId)).toEqual([
      '2026|91110107MA0000001A|GeneralSolidWaste|其他',
      '2026|91110107MA0000001A|GeneralSolidWaste|污泥',
      '2026|91110107MA0000002B|HazardousWaste|',
    ]);
    expect(validateRecord(envstatSchema, allRecords(batches)[0]!.payload)).toMatchObject({ ok: true, record: { year: '2026', region: '石景山区', industry: '3110', generated: '14000.5', stored: '500.5' } });
    expect(allRejects(batches)[0]?.reason).toContain('generated: expected a decimal number, got "lots"');

    const econ = allRecords(await collect(connector.read('econ', null)));
    expect(econ.map((r) => r.sourceId)).toEqual(['石景山区|2026-10|工业增加值', '八角街道|2026|常住人口']);
  });

  it('turns malformed XML into a file reject after the elements before it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'taxstat-bad-'));
    mkdirSync(join(root, 'envstat'));
    writeFileSync(join(root, 'envstat', '2026.xml'), ENVSTAT.replace('</EnvStatReport>', '<Broken>'));
    const batches = await collect(createTaxstatConnector({ url: pathToFileURL(root).href }).read('envstat', null));
    expect(allRecords(batches)).toHaveLength(3);
    expect(allRejects(batches).at(-1)).toMatchObject({ sourceKey: 'envstat/2026.xml', reason: expect.stringContaining('malformed XML') });
  });

  it('quarantines each refused index entry with its reason and reads the feed\'s other files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'taxstat-index-'));
    const files = { ...feedFiles(), 'envtax/2026Q2.csv': ENVTAX.replaceAll('2026-07-01', '2026-04-01').replaceAll('2026-09-30', '2026-06-30') };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const index = [
      { feed: 'envtax', path: '../../etc/passwd', sha256: sha('x') },
      ...indexOf(files).map((entry) => (entry.path === 'envtax/2026Q2.csv' ? { ...entry, sha256: sha('something else') } : entry)),
      { feed: 'weather', path: 'weather/2026.csv', sha256: sha('y') },
      { feed: 'envtax', path: 'envtax/2026Q4.csv', sha256: 'not-a-checksum' },
    ];
    writeFileSync(join(root, 'index.json'), JSON.stringify(index));
    const connector = createTaxstatConnector({ url: pathToFileURL(root).href });
    const batches = await collect(connector.read('envtax', null));
    // the genuine file is read in full
    expect(allRecords(batches).map((r) => r.sourceId)).toEqual(['91110107MA0000001A|2026-07-01|2026-09-30|冶炼渣', '91110107MA0000002B|2026-07-01|2026-09-30|危险废物']);
    expect(allRejects(batches).map((r) => [r.sourceKey, r.reason])).toEqual([
      ['../../etc/passwd', 'index.json entry 1: path "../../etc/passwd" leaves the feed base; not read'],
      ['weather/2026.csv', expect.stringContaining('unknown feed "weather"')],
      ['envtax/2026Q4.csv', expect.stringContaining('sha256: expected a hex sha256')],
      ['envtax/2026Q2.csv', expect.stringContaining('checksum mismatch for envtax/2026Q2.csv')],
    ]);
    // the other feeds see only their own refused entries
    expect(allRejects(await collect(connector.read('econ', null)))).toEqual([]);
    // the state records only the file read: the refused ones are reported again next run
    const again = await collect(connector.read('envtax', batches.at(-1)!.state));
    expect(allRecords(again)).toEqual([]);
    expect(allRejects(again)).toHaveLength(4);
  });
});
