/**
 * The steward's queue: filters with facet counts, sortable columns, Relay paging, bulk actions and
 * keyboard navigation (j/k, x, a, Enter). The filter lives in the URL so "back" from a flag restores it.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { App, Alert, Button, Card, Modal, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import {
  AcknowledgeFlagsDocument,
  AssignFlagsDocument,
  DismissFlagsDocument,
  FlagQueueDocument,
  ResolveFlagsDocument,
  type FlagActionOutcomeFragment,
  type FlagFilter,
  type FlagRowFragment,
  type ResolveFlagInput,
} from '../graphql/generated';
import { useLanguage } from '../i18n';
import { SEVERITY_COLOR, SEVERITY_LABEL, SEVERITY_RANK, STATUS_LABEL } from '../labels';
import { useSession } from '../session';
import { cleanFilter, FlagFilters } from '../components/FlagFilters';
import { DEFAULT_FLAG_FILTER, QUEUE_PAGE_SIZE, takeFirstPage } from '../firstPages';
import { ResolveForm } from '../components/ResolveForm';
import { ReasonModal } from '../components/ReasonModal';

function filterFromUrl(params: URLSearchParams): FlagFilter {
  const raw = params.get('filter');
  if (!raw) return DEFAULT_FLAG_FILTER;
  try {
    return cleanFilter(JSON.parse(raw) as FlagFilter);
  } catch {
    return DEFAULT_FLAG_FILTER;
  }
}

/** The subject's label, with its key unless the label already carries it. */
function subjectText(subject: FlagRowFragment['subject']): string {
  if (!subject.label) return subject.key;
  return subject.label.includes(subject.key) ? subject.label : `${subject.label} · ${subject.key}`;
}

/** Keys typed into a field are the field's, not the queue's. */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('[role="dialog"]') !== null;
}

export function FlagQueuePage() {
  const { t, formatInstant } = useLanguage();
  const { message } = App.useApp();
  const session = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromUrl(params), [params]);
  // Relay paging forwards only: earlier pages are the cursors we came through.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const [selected, setSelected] = useState<string[]>([]);
  const [focused, setFocused] = useState(0);
  const [resolving, setResolving] = useState(false);
  const [dismissing, setDismissing] = useState(false);

  // the first page the sign-in just read is shown from the cache, not asked for again
  const [fetchPolicy] = useState<'cache-first' | 'cache-and-network'>(() => (filter === DEFAULT_FLAG_FILTER && after === null && takeFirstPage('queue') ? 'cache-first' : 'cache-and-network'));
  const { data, loading, error, refetch } = useQuery(FlagQueueDocument, { variables: { filter, first: QUEUE_PAGE_SIZE, after }, fetchPolicy, nextFetchPolicy: 'cache-and-network' });
  const rows = useMemo(() => data?.flags.edges.map((e) => e.node) ?? [], [data]);
  const [acknowledgeFlags] = useMutation(AcknowledgeFlagsDocument);
  const [assignFlags] = useMutation(AssignFlagsDocument);
  const [resolveFlags] = useMutation(ResolveFlagsDocument);
  const [dismissFlags] = useMutation(DismissFlagsDocument);

  const setFilter = (next: FlagFilter) => {
    setParams({ filter: JSON.stringify(cleanFilter(next)) });
    setCursors([null]);
    setSelected([]);
    setFocused(0);
  };

  const report = useCallback(
    async (outcomes: readonly FlagActionOutcomeFragment[] | undefined) => {
      const failed = (outcomes ?? []).filter((o) => o.error);
      const text = t('bulkDone', { ok: (outcomes?.length ?? 0) - failed.length, failed: failed.length });
      if (failed.length) void message.warning(`${text}: ${failed.map((f) => f.error?.message).join('; ')}`);
      else void message.success(text);
      setSelected([]);
      await refetch();
    },
    [message, refetch, t],
  );

  const acknowledge = useCallback(
    async (ids: string[]) => {
      if (!ids.length) return;
      const result = await acknowledgeFlags({ variables: { ids } });
      await report(result.data?.acknowledgeFlags);
    },
    [acknowledgeFlags, report],
  );

  // Keyboard: j/k move, x selects, a acknowledges, Enter opens the focused flag.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typingIn(event.target) || event.ctrlKey || event.metaKey || event.altKey || rows.length === 0) return;
      const row = rows[Math.min(focused, rows.length - 1)];
      if (event.key === 'j') setFocused((i) => Math.min(i + 1, rows.length - 1));
      else if (event.key === 'k') setFocused((i) => Math.max(i - 1, 0));
      else if (event.key === 'x' && row) setSelected((s) => (s.includes(row.id) ? s.filter((id) => id !== row.id) : [...s, row.id]));
      else if (event.key === 'a' && row && session.may.act) void acknowledge([row.id]);
      else if (event.key === 'Enter' && row && !(event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement)) navigate(`/flags/${encodeURIComponent(row.id)}`);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, focused, session.may.act, acknowledge, navigate]);

  const columns: ColumnsType<FlagRowFragment> = [
    {
      title: t('colSeverity'),
      dataIndex: 'severity',
      sorter: (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity],
      render: (_v, flag) => <Tag color={SEVERITY_COLOR[flag.severity]}>{t(SEVERITY_LABEL[flag.severity])}</Tag>,
    },
    { title: t('colRule'), dataIndex: 'rule', sorter: (a, b) => a.rule.localeCompare(b.rule) },
    {
      title: t('colSubject'),
      key: 'subject',
      sorter: (a, b) => a.subject.key.localeCompare(b.subject.key),
      render: (_v, flag) => (
        <Link to={`/flags/${encodeURIComponent(flag.id)}`} data-testid="flag-link">
          {subjectText(flag.subject)}
        </Link>
      ),
    },
    { title: t('colStream'), dataIndex: 'stream', sorter: (a, b) => a.stream.localeCompare(b.stream) },
    { title: t('colPeriod'), dataIndex: 'period', sorter: (a, b) => a.period.localeCompare(b.period) },
    { title: t('colDifference'), key: 'difference', render: (_v, flag) => flag.evidence.difference },
    { title: t('colTolerance'), key: 'tolerance', render: (_v, flag) => flag.evidence.tolerance },
    {
      title: t('colStatus'),
      dataIndex: 'status',
      sorter: (a, b) => a.status.localeCompare(b.status),
      render: (_v, flag) => t(STATUS_LABEL[flag.status]),
    },
    { title: t('colAssignee'), key: 'assignee', render: (_v, flag) => flag.assignee?.label ?? '—' },
    { title: t('colLastSeen'), dataIndex: 'lastSeenAt', sorter: (a, b) => a.lastSeenAt.localeCompare(b.lastSeenAt), render: (at: string) => formatInstant(at, 'date') },
  ];

  const bulkResolve = async (input: ResolveFlagInput) => {
    const result = await resolveFlags({ variables: { ids: selected, input } });
    setResolving(false);
    await report(result.data?.resolveFlags);
  };

  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {t('navFlags')}
      </Typography.Title>
      <Space direction="vertical" style={{ width: '100%' }}>
        <FlagFilters value={filter} onChange={setFilter} facets={data?.flags.facets} streams={session.caller?.agency.streams ?? []} callerKeyId={session.caller?.keyId ?? ''} />
        {error && <Alert type="error" title={t('loadFailed', { message: error.message })} />}
        <Space wrap>
          <Typography.Text data-testid="flag-total">{t('totalFlags', { count: data?.flags.totalCount ?? 0 })}</Typography.Text>
          {session.may.act && (
            <>
              <Typography.Text type="secondary">{t('selectedFlags', { count: selected.length })}</Typography.Text>
              <Button disabled={!selected.length} onClick={() => void acknowledge(selected)}>
                {t('acknowledge')}
              </Button>
              <Button disabled={!selected.length} onClick={async () => report((await assignFlags({ variables: { ids: selected, assignee: session.caller?.keyId ?? null } })).data?.assignFlags)}>
                {t('assignToMe')}
              </Button>
              <Button disabled={!selected.length} onClick={async () => report((await assignFlags({ variables: { ids: selected, assignee: null } })).data?.assignFlags)}>
                {t('unassign')}
              </Button>
              <Button disabled={!selected.length} onClick={() => setResolving(true)}>
                {t('resolve')}
              </Button>
              <Button disabled={!selected.length} danger onClick={() => setDismissing(true)}>
                {t('dismiss')}
              </Button>
            </>
          )}
          <Typography.Text type="secondary">{t('keyboardHint')}</Typography.Text>
        </Space>
        <Table<FlagRowFragment>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={rows}
          columns={columns}
          pagination={false}
          rowSelection={session.may.act ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) } : undefined}
          rowClassName={(_flag, index) => (index === focused ? 'flag-row-focused' : '')}
          onRow={(_flag, index) => ({ onClick: () => setFocused(index ?? 0), 'aria-current': index === focused ? 'true' : undefined })}
          data-testid="flag-table"
        />
        <Space>
          <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            {t('previousPage')}
          </Button>
          <Button disabled={!data?.flags.pageInfo.hasNextPage} onClick={() => data?.flags.pageInfo.endCursor && setCursors((c) => [...c, data.flags.pageInfo.endCursor ?? null])}>
            {t('nextPage')}
          </Button>
        </Space>
      </Space>
      <Modal open={resolving} title={t('resolveTitle')} footer={null} onCancel={() => setResolving(false)} destroyOnHidden>
        <ResolveForm
          // Bulk: the rows carry no sides, so the steward picks a position that applies to every selected flag.
          sides={[1, 2].map((n) => ({ label: t('sideNumber', { n }), value: '', unit: '', source: '' }))}
          onSubmit={bulkResolve}
          onCancel={() => setResolving(false)}
        />
      </Modal>
      <ReasonModal
        open={dismissing}
        title={t('dismissTitle')}
        onCancel={() => setDismissing(false)}
        onSubmit={async (reason) => {
          const result = await dismissFlags({ variables: { ids: selected, reason } });
          setDismissing(false);
          await report(result.data?.dismissFlags);
        }}
      />
    </Card>
  );
}
