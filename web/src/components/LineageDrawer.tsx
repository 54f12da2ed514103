/**
 * Where an indicator's year value comes from: its inputs, and for the chosen input the documents that
 * made it up (movements, period reports, registry entries), each with its source records' raw payloads.
 * Not for PARTNERs: the dashboard does not offer it to them (the API answers FORBIDDEN).
 */
import { useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { Alert, Button, Drawer, Segmented, Space, Spin, Table, Tag, Typography } from 'antd';
import { IndicatorLineageDocument, type IndicatorLineageQuery } from '../graphql/generated';
import { useLanguage } from '../i18n';
import { RawRecord } from './RawRecord';

const PAGE_SIZE = 20;

type Contribution = NonNullable<IndicatorLineageQuery['dashboard']['rows'][number]['yearValue']>['inputs'][number]['contributions']['edges'][number]['node'];

interface Props {
  /** the indicator and year whose value is traced; null closes the drawer */
  target: { code: string; name: string; year: string } | null;
  onClose(): void;
}

function documentText(contribution: Contribution): string {
  if (contribution.movement) return `${contribution.movement.sourceKey} (${contribution.movement.period})`;
  if (contribution.report) return `${contribution.report.reportKey} (${contribution.report.period})`;
  return contribution.documentId;
}

export function LineageDrawer({ target, onClose }: Props) {
  const { t } = useLanguage();
  const [inputName, setInputName] = useState<string | null>(null);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const lineage = useQuery(IndicatorLineageDocument, {
    variables: { year: target?.year ?? '', code: target?.code ?? '', first: PAGE_SIZE, after: cursors[cursors.length - 1] ?? null },
    skip: !target,
  });
  const value = lineage.data?.dashboard.rows[0]?.yearValue ?? null;
  const input = value?.inputs.find((candidate) => candidate.name === inputName) ?? value?.inputs[0] ?? null;
  const contributions = input?.contributions;

  return (
    <Drawer
      open={target !== null}
      size="large"
      onClose={() => {
        setInputName(null);
        setCursors([null]);
        onClose();
      }}
      title={target ? t('lineageTitle', { indicator: target.name, period: target.year }) : ''}
      destroyOnHidden
    >
      {lineage.loading && !lineage.data && <Spin />}
      {lineage.error && <Alert type="error" title={t('loadFailed', { message: lineage.error.message })} />}
      {lineage.data && !value && <Typography.Text type="secondary">{t('noData')}</Typography.Text>}
      {value && (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="lineage">
          <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
            {t('inputs')}
          </Typography.Title>
          <Table
            size="small"
            rowKey="name"
            pagination={false}
            dataSource={value.inputs}
            columns={[
              { title: t('indicator'), dataIndex: 'name' },
              { title: t('amount'), key: 'amount', align: 'right', render: (_v, row) => `${row.amount} ${row.unit}` },
              { title: t('records'), dataIndex: 'records', align: 'right' },
              { title: t('sideSource'), key: 'sources', render: (_v, row) => row.sources.join(', ') },
            ]}
          />
          {value.inputs.length > 0 && input && (
            <>
              <Typography.Title level={2} style={{ fontSize: 16, margin: '8px 0 0' }}>
                {t('contributions')} · {t('totalFlags', { count: contributions?.totalCount ?? 0 })}
              </Typography.Title>
              <Segmented
                value={input.name}
                options={value.inputs.map((candidate) => ({ value: candidate.name, label: candidate.name }))}
                onChange={(next) => {
                  setInputName(String(next));
                  setCursors([null]);
                }}
              />
              <Table<Contribution>
                size="small"
                rowKey={(row) => `${row.documentId}|${row.month}`}
                pagination={false}
                loading={lineage.loading}
                dataSource={contributions?.edges.map((edge) => edge.node) ?? []}
                expandable={{
                  expandedRowRender: (row) =>
                    row.sourceRecords.map((record) => (
                      <div key={record.id} style={{ marginBottom: 8 }}>
                        <Typography.Text type="secondary">
                          {record.source}/{record.stream} · {record.sourceId} · v{record.version}
                        </Typography.Text>
                        <RawRecord payload={record.payload} />
                      </div>
                    )),
                }}
                columns={[
                  { title: t('month'), dataIndex: 'month' },
                  { title: t('sideSource'), dataIndex: 'source' },
                  { title: t('document'), key: 'document', render: (_v, row) => `${row.documentKind} ${documentText(row)}` },
                  { title: t('amount'), dataIndex: 'amount', align: 'right' },
                  {
                    title: t('flagged'),
                    key: 'flags',
                    render: (_v, row) => (
                      <Space size={4}>
                        {row.flagged ? <Tag>{t('flagged')}</Tag> : null}
                        {row.goldenApplied ? <Tag>{t('goldenApplied')}</Tag> : null}
                      </Space>
                    ),
                  },
                ]}
              />
              <Space>
                <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
                  {t('previousPage')}
                </Button>
                <Button
                  disabled={!contributions?.pageInfo.hasNextPage}
                  onClick={() => {
                    const end = contributions?.pageInfo.endCursor;
                    if (end) setCursors((c) => [...c, end]);
                  }}
                >
                  {t('nextPage')}
                </Button>
              </Space>
            </>
          )}
        </Space>
      )}
    </Drawer>
  );
}
