/** Entity-resolution cases: matches resolution would not make on its own, filtered by kind and status, paged. */
import { useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { ResolutionCasesDocument, type ResolutionCaseKind, type ResolutionCaseRowFragment, type ResolutionCaseStatus } from '../graphql/generated';
import { useLanguage } from '../i18n';
import { CASE_KIND_LABEL, CASE_KINDS, CASE_STATUS_LABEL, CASE_STATUSES } from '../labels';
import { localDateTime } from '../dates';

const PAGE_SIZE = 50;

export function ResolutionCasesPage() {
  const { t } = useLanguage();
  const [kinds, setKinds] = useState<ResolutionCaseKind[]>([]);
  const [statuses, setStatuses] = useState<ResolutionCaseStatus[]>(['OPEN']);
  // Relay paging forwards only: earlier pages are the cursors we came through.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const filter = { ...(kinds.length ? { kind: kinds } : {}), ...(statuses.length ? { status: statuses } : {}) };
  const list = useQuery(ResolutionCasesDocument, { variables: { filter, first: PAGE_SIZE, after: cursors[cursors.length - 1] ?? null } });
  const connection = list.data?.resolutionCases;

  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {t('resolutionTitle')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<ResolutionCaseKind[]>
          mode="multiple"
          allowClear
          style={{ minWidth: 280 }}
          aria-label={t('filterKind')}
          placeholder={t('filterKind')}
          value={kinds}
          onChange={(next) => {
            setKinds(next);
            setCursors([null]);
          }}
          options={CASE_KINDS.map((kind) => ({ value: kind, label: t(CASE_KIND_LABEL[kind]) }))}
        />
        <Select<ResolutionCaseStatus[]>
          mode="multiple"
          allowClear
          style={{ minWidth: 180 }}
          aria-label={t('filterStatus')}
          placeholder={t('filterStatus')}
          value={statuses}
          onChange={(next) => {
            setStatuses(next);
            setCursors([null]);
          }}
          options={CASE_STATUSES.map((status) => ({ value: status, label: t(CASE_STATUS_LABEL[status]) }))}
        />
        <Typography.Text type="secondary" data-testid="case-total">
          {t('totalFlags', { count: connection?.totalCount ?? 0 })}
        </Typography.Text>
      </Space>
      {list.error && <Alert type="error" title={t('loadFailed', { message: list.error.message })} />}
      <Table<ResolutionCaseRowFragment>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={connection?.edges.map((edge) => edge.node) ?? []}
        pagination={false}
        data-testid="case-table"
        columns={[
          { title: t('caseKind'), key: 'kind', render: (_v, row) => t(CASE_KIND_LABEL[row.kind]) },
          { title: t('caseStatus'), key: 'status', render: (_v, row) => <Tag>{t(CASE_STATUS_LABEL[row.status])}</Tag> },
          {
            title: t('caseSubject'),
            key: 'subject',
            render: (_v, row) => <Link to={`/resolution/${encodeURIComponent(row.id)}`}>{row.subject ? `${row.subject.name}${row.subject.uscc ? ` · ${row.subject.uscc}` : ''}` : row.evidence.name}</Link>,
          },
          { title: t('caseSource'), key: 'source', render: (_v, row) => row.evidence.source },
          { title: t('caseOpenedAt'), key: 'openedAt', render: (_v, row) => localDateTime(row.openedAt) },
          { title: t('caseDecidedAt'), key: 'decidedAt', render: (_v, row) => (row.decidedAt ? localDateTime(row.decidedAt) : '—') },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('previousPage')}
        </Button>
        <Button
          disabled={!connection?.pageInfo.hasNextPage}
          onClick={() => {
            const end = connection?.pageInfo.endCursor;
            if (end) setCursors((c) => [...c, end]);
          }}
        >
          {t('nextPage')}
        </Button>
      </Space>
    </Card>
  );
}
