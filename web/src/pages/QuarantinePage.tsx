/**
 * Quarantined records: why each failed, (not for PARTNERs) the raw payload as received, and (ADMIN) a
 * retry of a source's (and stream's) open entries after a fix, with what the retry did.
 */
import { useMemo, useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Input, List, Space, Spin, Switch, Table, Typography } from 'antd';
import { QuarantineListDocument, QuarantinePayloadDocument, RetryQuarantineDocument, type QuarantineListQuery, type RetryQuarantineMutation } from '../graphql/generated';
import { useLanguage } from '../i18n';
import { useSession } from '../session';
import { RawRecord } from '../components/RawRecord';
import { localDateTime } from '../dates';

type Entry = QuarantineListQuery['quarantine']['edges'][number]['node'];
const PAGE_SIZE = 50;

export function QuarantinePage() {
  const { t } = useLanguage();
  const session = useSession();
  const [onlyOpen, setOnlyOpen] = useState(true);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const variables = { filter: onlyOpen ? { resolved: false } : {}, first: PAGE_SIZE, after: cursors[cursors.length - 1] ?? null };
  const list = useQuery(QuarantineListDocument, { variables });
  // Raw payloads are FORBIDDEN to PARTNERs: the query is not even sent for them. For others it is sent when
  // a row is first opened (the page's payloads in one request), not with the list: most are never shown.
  const [payloadsWanted, setPayloadsWanted] = useState(false);
  const payloads = useQuery(QuarantinePayloadDocument, { variables, skip: !session.may.readRaw || !payloadsWanted });
  const rawById = useMemo(() => new Map((payloads.data?.quarantine.edges ?? []).map((e) => [e.node.id, e.node.raw])), [payloads.data]);
  const rows = list.data?.quarantine.edges.map((e) => e.node) ?? [];
  const [retry, retrying] = useMutation(RetryQuarantineDocument, { refetchQueries: [QuarantineListDocument] });
  const [retrySource, setRetrySource] = useState('');
  const [retryStream, setRetryStream] = useState('');
  const [retryResults, setRetryResults] = useState<RetryQuarantineMutation['retryQuarantine'] | null>(null);

  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {t('quarantineTitle')}
      </Typography.Title>
      <Space style={{ marginBottom: 12 }}>
        <Switch
          checked={onlyOpen}
          onChange={(checked) => {
            setOnlyOpen(checked);
            setCursors([null]);
          }}
          aria-label={t('onlyOpen')}
        />
        <Typography.Text>{t('onlyOpen')}</Typography.Text>
        <Typography.Text type="secondary">{t('totalFlags', { count: list.data?.quarantine.totalCount ?? 0 })}</Typography.Text>
      </Space>
      {session.may.administer && (
        <Space wrap style={{ marginBottom: 12, display: 'flex' }}>
          <Input style={{ width: 200 }} aria-label={t('retrySource')} placeholder={t('retrySource')} value={retrySource} onChange={(event) => setRetrySource(event.target.value)} />
          <Input style={{ width: 200 }} aria-label={t('retryStream')} placeholder={t('retryStream')} value={retryStream} onChange={(event) => setRetryStream(event.target.value)} />
          <Button
            type="primary"
            loading={retrying.loading}
            onClick={async () => {
              setRetryResults(null);
              const { data } = await retry({ variables: { source: retrySource.trim() || null, stream: retryStream.trim() || null } }).catch(() => ({ data: undefined }));
              if (data) setRetryResults(data.retryQuarantine);
            }}
          >
            {t('retryQuarantine')}
          </Button>
        </Space>
      )}
      {retrying.error && <Alert type="error" style={{ marginBottom: 12 }} title={t('actionFailed', { message: retrying.error.message })} />}
      {retryResults && (
        <List
          size="small"
          bordered
          style={{ marginBottom: 12 }}
          data-testid="retry-results"
          dataSource={retryResults}
          locale={{ emptyText: t('noData') }}
          renderItem={(result) => (
            <List.Item key={`${result.source}/${result.stream}`}>
              {t('retryResult', { source: result.source, stream: result.stream, open: result.open, remapped: result.remapped, connectorRejects: result.connectorRejects, resolved: result.resolved, stillOpen: result.stillOpen })}
              {result.resyncJobId ? ` · ${t('retryJob', { id: result.resyncJobId })}` : ''}
            </List.Item>
          )}
        />
      )}
      {list.error && <Alert type="error" title={t('loadFailed', { message: list.error.message })} />}
      <Table<Entry>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={rows}
        pagination={false}
        data-testid="quarantine-table"
        expandable={
          session.may.readRaw
            ? {
                onExpand: (expanded) => expanded && setPayloadsWanted(true),
                expandedRowRender: (entry) => (payloads.loading && !payloads.data ? <Spin /> : <RawRecord payload={rawById.get(entry.id)} />),
              }
            : undefined
        }
        columns={[
          { title: t('quarantineSource'), dataIndex: 'source' },
          { title: t('quarantineStream'), dataIndex: 'stream' },
          { title: t('quarantineKey'), dataIndex: 'sourceKey' },
          { title: t('quarantineReason'), dataIndex: 'reason' },
          { title: t('quarantineAttempts'), dataIndex: 'attempts', align: 'right' },
          { title: t('quarantineLastSeen'), dataIndex: 'lastSeenAt', render: (at: string) => localDateTime(at) },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('previousPage')}
        </Button>
        <Button
          disabled={!list.data?.quarantine.pageInfo.hasNextPage}
          onClick={() => {
            const end = list.data?.quarantine.pageInfo.endCursor;
            if (end) setCursors((c) => [...c, end]);
          }}
        >
          {t('nextPage')}
        </Button>
      </Space>
    </Card>
  );
}
