/**
 * Bad input is quarantined with its reason and payload, and a corrected version re-processes it: a
 * REST record delivered again valid under the same id, and a medical ledger re-uploaded with the row
 * fixed (the entry of the row it no longer rejects is resolved, its record stored).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runSync } from '../../../src/ingest/engine';
import { QuarantineModel } from '../../../src/model/quarantine';
import { SourceRecordModel } from '../../../src/model/sourceRecord';
import { useTestDatabase } from '../../support/mongo';
import { bundleConnectors } from './support';

useTestDatabase(__filename);

function put(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

const enterprise = (id: string, uscc: string, name: string, nhzl: string | null) =>
  JSON.stringify({ id, tyshxydm: uscc, qymc: name, zcdz: '八角街道科创北路53号', jdmc: '八角街道', hydm: '2929', sfgs: '1', qylx: 'CSDW', xkzh: null, hzlb: null, nhzl, updatedAt: '2026-10-02T09:00:00+08:00' });

it('re-processes a REST record that arrives corrected under the id it was quarantined with', async () => {
  const bundle = mkdtempSync(join(tmpdir(), 'corrections-industrial-'));
  const good = enterprise('QY000001', '91110105122887244Q', '康明（北京）包装制品有限公司', null);
  put(bundle, 'enterprises.jsonl', `${good}\n${enterprise('QY000002', '91110302400378475D', '宇鑫（北京）新材料有限公司', '-3.5')}\n`);
  const connectors = bundleConnectors({ industrial: bundle });
  await runSync('industrial', { connectors, streams: ['enterprises'] });
  const entry = await QuarantineModel.findOne({ source: 'industrial', stream: 'enterprises', sourceKey: 'QY000002' }).lean().exec();
  expect(entry).toMatchObject({ resolvedAt: null, raw: { id: 'QY000002', nhzl: '-3.5' } });
  expect(entry!.reason).toMatch(/nhzl/);

  put(bundle, 'enterprises.jsonl', `${good}\n${enterprise('QY000002', '91110302400378475D', '宇鑫（北京）新材料有限公司', '3.5')}\n`);
  const [run] = await runSync('industrial', { connectors, streams: ['enterprises'] });
  expect(run).toMatchObject({ status: 'SUCCEEDED', counts: { new: 1, quarantined: 0 } });
  expect((await QuarantineModel.findById(entry!._id).lean().exec())!.resolvedAt).toBeInstanceOf(Date);
  expect(await SourceRecordModel.countDocuments({ source: 'industrial', stream: 'enterprises' })).toBe(2);
});

it('resolves the rejects of a ledger row that a corrected upload of its file no longer repeats', async () => {
  const drop = mkdtempSync(join(tmpdir(), 'corrections-medical-'));
  const path = 'ledgers/12110107400000001X/2026-10.csv';
  const ledger = (weight: string) =>
    ['科室,日期,废物类别,重量（kg）,转移联单号,包装数,交接时间,交接人', '内科,2026-10-01,感染性,12.5,MW2026100001,2,2026-10-02 09:00:00,张三', `检验科,2026-10-02,化学性,${weight},MW2026100002,1,2026-10-03 09:00:00,李四`, ''].join('\n');
  put(drop, path, ledger('abc'));
  const connectors = bundleConnectors({ medical: drop });
  const [first] = await runSync('medical', { connectors, streams: ['ledgers'] });
  expect(first!.counts).toMatchObject({ new: 1, quarantined: 1 });
  const open = await QuarantineModel.find({ source: 'medical', stream: 'ledgers', resolvedAt: null }).lean().exec();
  expect(open.map((q) => q.sourceKey)).toEqual([`${path}:3`]);

  put(drop, path, ledger('4.5'));
  const [second] = await runSync('medical', { connectors, streams: ['ledgers'] });
  expect(second!.counts).toMatchObject({ new: 1, unchanged: 1, quarantined: 0 });
  expect(await QuarantineModel.countDocuments({ source: 'medical', stream: 'ledgers', resolvedAt: null })).toBe(0);
  expect(await SourceRecordModel.countDocuments({ source: 'medical', stream: 'ledgers', retiredAt: null })).toBe(2);
});
