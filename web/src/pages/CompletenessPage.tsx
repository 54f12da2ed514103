/**
 * The completeness calendar (应统尽统): reporters × periods as a heat map (received, late, missing, revised,
 * not yet due), filtered by stream, street and period (a year or a quarter: its months, then its quarters
 * and the year), with totals per reporter (the page's rows) and per period (every row matching the
 * filters, as the API counts them). Rows are paged Relay-style; the filters live in the URL.
 * Not for PARTNERs; the API keeps the rows to the caller's streams (industrial ledgers, taxstat filings).
 */
import { useMemo, useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Select, Space, Table, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { format } from 'echarts/core';
import { CompletenessDocument, StreetsDocument, type CompletenessCountsFieldsFragment, type CompletenessQuery, type CompletenessStatus } from '../graphql/generated';
import { useLanguage, type Translate } from '../i18n';
import { CELL_STATUS_COLOR, CELL_STATUS_LABEL, CELL_STATUSES, FILING_KIND_LABEL } from '../labels';
import { Chart } from '../components/Chart';

type Calendar = CompletenessQuery['completeness'];
type Reporter = Calendar['reporters'][number]['node'];

const PAGE_SIZE = 25;

const COUNT_FIELD: Record<CompletenessStatus, keyof Omit<CompletenessCountsFieldsFragment, '__typename' | 'expected'>> = {
  RECEIVED: 'received',
  LATE: 'late',
  MISSING: 'missing',
  REVISED: 'revised',
  NOT_DUE: 'notDue',
};

/** Years and quarters a reader may pick, newest first: this year and the two before. Pure. */
export function periodChoices(today: Date, years = 3): string[] {
  const year = today.getFullYear();
  const currentQuarter = Math.floor(today.getMonth() / 3) + 1;
  return Array.from({ length: years }, (_v, i) => year - i).flatMap((y) => [
    String(y),
    ...[4, 3, 2, 1].filter((q) => y < year || q <= currentQuarter).map((q) => `${y}Q${q}`),
  ]);
}

const reporterLabel = (reporter: Reporter, t: Translate) => `${reporter.label} · ${t(FILING_KIND_LABEL[reporter.kind])}`;

/** The y axis's room: a label is cut by characters (a Chinese character is about 12 px), not measured. */
const Y_LABEL_CHARS = 22;
const Y_AXIS_WIDTH = 290;
const shortLabel = (label: string) => (label.length > Y_LABEL_CHARS ? `${label.slice(0, Y_LABEL_CHARS - 1)}…` : label);

/** The ECharts heat map: x the calendar's periods, y the page's reporters, the value a status index. Pure. */
export function heatmapOption(calendar: Calendar, t: Translate) {
  const rows = calendar.reporters.map((edge) => edge.node);
  const yLabels = rows.map((row) => reporterLabel(row, t));
  const data = rows.flatMap((row, y) => row.cells.map((cell) => [calendar.periods.indexOf(cell.period), y, CELL_STATUSES.indexOf(cell.status)]));
  return {
    tooltip: {
      // the reporter's name comes from the sources: escaped, the tooltip is HTML
      formatter: (params: { value: [number, number, number] }) => {
        const [x, y, s] = params.value;
        const status = CELL_STATUSES[s];
        return format.encodeHTML(`${yLabels[y] ?? ''} · ${calendar.periods[x] ?? ''}: ${status ? t(CELL_STATUS_LABEL[status]) : ''}`);
      },
    },
    // A fixed left margin and every reporter shown (interval 0): ECharts then measures no reporter's label to
    // fit the grid, thin the labels out or truncate them (the profile had about 130 ms of text measuring).
    grid: { top: 10, left: Y_AXIS_WIDTH, right: 16, bottom: 80 },
    xAxis: { type: 'category', data: calendar.periods, splitArea: { show: true } },
    yAxis: { type: 'category', data: yLabels, inverse: true, axisLabel: { interval: 0, formatter: shortLabel } },
    visualMap: {
      type: 'piecewise',
      dimension: 2,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      pieces: CELL_STATUSES.map((status, i) => ({ value: i, label: t(CELL_STATUS_LABEL[status]), color: CELL_STATUS_COLOR[status] })),
    },
    series: [{ type: 'heatmap', data, itemStyle: { borderColor: '#fff', borderWidth: 1 } }],
  };
}

// antd's Tag look (a solid colour, white text) as a plain span: the totals draw about 200 of them.
const TAG_STYLE = { display: 'inline-block', padding: '0 7px', fontSize: 12, lineHeight: '20px', borderRadius: 4, color: '#fff' } as const;

function StatusTag({ status, count }: { status: CompletenessStatus; count: number }) {
  const { t } = useLanguage();
  if (count === 0) return <span aria-label={`${t(CELL_STATUS_LABEL[status])} 0`}>0</span>;
  return <span style={{ ...TAG_STYLE, background: CELL_STATUS_COLOR[status] }}>{count}</span>;
}

/** A card's heading: a plain h2 (the page draws several; antd's Typography adds nothing here). */
const CardTitle = ({ children }: { children: string }) => <h2 style={{ fontSize: 16, margin: 0, fontWeight: 600 }}>{children}</h2>;

/** Totals per reporter (the page's rows) and per period (every matching row). */
export function CompletenessTotals({ calendar }: { calendar: Calendar }) {
  const { t } = useLanguage();
  const countColumns = CELL_STATUSES.map((status) => ({
    title: t(CELL_STATUS_LABEL[status]),
    key: status,
    align: 'right' as const,
    render: (_v: unknown, row: { totals: CompletenessCountsFieldsFragment }) => <StatusTag status={status} count={row.totals[COUNT_FIELD[status]]} />,
  }));
  const byPeriod = [...calendar.totalsByPeriod, { period: t('completenessAll'), totals: calendar.totals }];
  return (
    <>
      <Card title={<CardTitle>{t('completenessByPeriod')}</CardTitle>}>
        {/* scrolls in its own box, not with the table's scroll.x: that has the table measure its columns
            in the first render (a forced layout) and draw again with their widths */}
        <div style={{ overflowX: 'auto' }}>
          <Table
            size="small"
            pagination={false}
            rowKey="status"
            data-testid="completeness-period-totals"
            dataSource={[...CELL_STATUSES.map((status) => ({ status, label: t(CELL_STATUS_LABEL[status]) })), { status: 'EXPECTED' as const, label: t('completenessExpected') }]}
            columns={[
              // no fixed column: a sticky one has the table measure its columns and draw again
              { title: t('completenessStatus'), key: 'status', render: (_v, row) => row.label },
              ...byPeriod.map((column) => ({
                title: column.period,
                key: column.period,
                align: 'right' as const,
                render: (_v: unknown, row: { status: CompletenessStatus | 'EXPECTED' }) =>
                  row.status === 'EXPECTED' ? column.totals.expected : <StatusTag status={row.status} count={column.totals[COUNT_FIELD[row.status]]} />,
              })),
            ]}
          />
        </div>
      </Card>
      <Card title={<CardTitle>{t('completenessByReporter')}</CardTitle>}>
        <Table<Reporter>
          size="small"
          pagination={false}
          rowKey={(row) => `${row.kind}|${row.key}`}
          data-testid="completeness-reporter-totals"
          dataSource={calendar.reporters.map((edge) => edge.node)}
          columns={[
            { title: t('completenessReporter'), key: 'label', render: (_v, row) => row.label },
            { title: t('completenessKind'), key: 'kind', render: (_v, row) => t(FILING_KIND_LABEL[row.kind]) },
            { title: t('filterStreet'), key: 'street', render: (_v, row) => row.street ?? '—' },
            ...countColumns,
            { title: t('completenessExpected'), key: 'expected', align: 'right', render: (_v, row) => row.totals.expected },
          ]}
        />
      </Card>
    </>
  );
}

/** `streams`: the calendar's streams the caller reads (session `completenessStreams`), offered in the stream filter. */
export function CompletenessPage({ streams, today = new Date() }: { streams: readonly string[]; today?: Date }) {
  const { t, language, formatInstant } = useLanguage();
  const [searchParams, setSearchParams] = useSearchParams();
  const choices = periodChoices(today);
  const period = searchParams.get('period') ?? choices[0]!;
  const stream = searchParams.get('stream');
  const street = searchParams.get('street');
  // Relay paging forwards only: earlier pages are the cursors we came through (reset by a filter change).
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const calendarQuery = useQuery(CompletenessDocument, { variables: { period, stream, street, first: PAGE_SIZE, after: cursors.at(-1) ?? null } });
  const streets = useQuery(StreetsDocument);
  const calendar = calendarQuery.data?.completeness;
  // one option per calendar: a new one (its tooltip formatter a new function) has ECharts lay the chart out again
  const option = useMemo(() => (calendar ? heatmapOption(calendar, t) : null), [calendar, t]);
  const setFilter = (name: 'period' | 'stream' | 'street', value: string | null | undefined) => {
    const next = new URLSearchParams(searchParams);
    if (value) next.set(name, value);
    else next.delete(name);
    setSearchParams(next);
    setCursors([null]);
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="completeness">
      <h1 style={{ fontSize: 20, margin: 0, fontWeight: 600 }}>{t('completenessTitle', { period })}</h1>
      <Space wrap>
        <Select aria-label={t('completenessPeriod')} value={period} onChange={(value: string) => setFilter('period', value)} options={choices.map((p) => ({ value: p, label: p }))} style={{ width: 160 }} />
        <Select
          aria-label={t('filterStream')}
          allowClear
          placeholder={t('completenessStreamAll')}
          value={stream}
          onChange={(value?: string) => setFilter('stream', value)}
          options={streams.map((s) => ({ value: s, label: s }))}
          style={{ width: 180 }}
        />
        <Select
          aria-label={t('filterStreet')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('completenessStreetAll')}
          value={street}
          onChange={(value?: string) => setFilter('street', value)}
          options={streets.data?.streets.map((s) => ({ value: s.code, label: language === 'zh' ? s.name : s.code })) ?? []}
          style={{ width: 180 }}
        />
        {calendar && (
          <Typography.Text type="secondary" data-testid="completeness-total">
            {t('completenessRows', { count: calendar.totalCount, shown: calendar.reporters.length })} · {t('completenessAsOf', { asOf: formatInstant(calendar.asOf) })}
          </Typography.Text>
        )}
      </Space>
      {calendarQuery.error && <Alert type="error" title={t('loadFailed', { message: calendarQuery.error.message })} />}
      <Card title={<CardTitle>{t('completenessHeatmap')}</CardTitle>} loading={calendarQuery.loading && !calendar}>
        {calendar && option && calendar.reporters.length > 0 ? (
          <div data-testid="completeness-heatmap">
            <Chart option={option} label={t('completenessHeatmap')} height={Math.max(200, calendar.reporters.length * 24 + 90)} />
          </div>
        ) : (
          <Typography.Text type="secondary">{t('noData')}</Typography.Text>
        )}
        <Space style={{ marginTop: 12 }}>
          <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            {t('previousPage')}
          </Button>
          <Button
            disabled={!calendar?.pageInfo.hasNextPage}
            onClick={() => {
              const end = calendar?.pageInfo.endCursor;
              if (end) setCursors((c) => [...c, end]);
            }}
          >
            {t('nextPage')}
          </Button>
        </Space>
      </Card>
      {calendar && <CompletenessTotals calendar={calendar} />}
    </Space>
  );
}
