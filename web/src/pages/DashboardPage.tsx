/**
 * The dashboard: priority indicators against their 2027 targets with confidence, the monthly trend, a
 * stream's flows as a Sankey diagram, top parties (not for PARTNERs) and the sources' health and lag.
 */
import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Row, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { DashboardPageDocument, FlowsDocument, TopPartiesDocument, type DashboardPageQuery, type FlowsFieldsFragment, type SourceHealth } from '../graphql/generated';
import { useLanguage, type Translate } from '../i18n';
import { EVALUATION_COLOR, EVALUATION_LABEL, FLOW_STREAM_LABEL, flowNodeLabel } from '../labels';
import { useSession } from '../session';
import { Chart } from '../components/Chart';
import { LineageDrawer } from '../components/LineageDrawer';
import { MonthSelect } from '../components/MonthSelect';
import { gramsToTonnes } from '../grams';
import { dashboardPageVariables, DEFAULT_STREAM, FLOW_STREAMS, TOP_PARTIES, takeFirstPage } from '../firstPages';

type DashboardRow = DashboardPageQuery['dashboard']['rows'][number];

/**
 * rc-table's `tailor` (its virtual table's switch; antd passes it through) skips measuring the scrollbar as a
 * table mounts: a forced style and layout of the whole page per table (40-60 ms for the dashboard's, as
 * profiled). The width is read only by a fixed header or a sticky one, and these tables have neither.
 */
const NO_SCROLLBAR_MEASURE = { tailor: true } as const;

const HEALTH_COLOR: Record<SourceHealth, string> = { OK: '#237804', DEGRADED: '#874d00', DOWN: '#a8071a', UNKNOWN: '#434343' };

/** Ratios come as fractions with 6 decimals: shown as percentages; other kinds as they come, with the unit. */
export function formatIndicatorValue(value: string | null | undefined, valueKind: string, unit: string): string {
  if (value === null || value === undefined) return '—';
  if (valueKind === 'RATIO') return `${(Number(value) * 100).toFixed(2)} %`;
  return `${value} ${unit}`;
}

function formatLag(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

/**
 * The Sankey diagram of a stream's flows. Nodes keep their ids as names (two ids may share a label: the
 * unstreeted "transfer station" source and the TRANSFER_STATION facility type); labels and tooltips are in
 * the reader's language (labels.ts).
 */
export function flowsOption(flows: Pick<FlowsFieldsFragment, 'nodes' | 'links'>, t: Translate) {
  const label = (id: string) => flowNodeLabel(id, t);
  const tonnes = (grams: number) => `${(grams / 1e6).toFixed(3)} t`;
  return {
    tooltip: {
      trigger: 'item',
      formatter: (params: { dataType?: string; name: string; value: number; data: { source?: string; target?: string } }) =>
        params.dataType === 'edge' ? `${label(params.data.source ?? '')} → ${label(params.data.target ?? '')}: ${tonnes(params.value)}` : `${label(params.name)}: ${tonnes(params.value)}`,
    },
    series: [
      {
        type: 'sankey',
        emphasis: { focus: 'adjacency' },
        data: flows.nodes.map((node) => ({ name: node.id })),
        links: flows.links.map((link) => ({ source: link.source, target: link.target, value: Number(link.grams) })),
        label: { formatter: (params: { name: string }) => label(params.name) },
      },
    ],
  };
}

export function DashboardPage() {
  const { t, language } = useLanguage();
  const session = useSession();
  const [lineageTarget, setLineageTarget] = useState<{ code: string; name: string; year: string } | null>(null);
  const [flowStream, setFlowStream] = useState<(typeof FLOW_STREAMS)[number]>('industrial-hw');
  const [searchParams, setSearchParams] = useSearchParams();
  // ?month= picks another month; by default the API's (not the newest month: see MonthSelect)
  const picked = searchParams.get('month');
  const pickedMonth = picked && /^\d{4}-\d{2}$/.test(picked) ? picked : null;
  // One request for the page (the default stream's flows and parties with it); other streams' when picked.
  // the page the sign-in just asked for (hub.ts) is shown from the cache, not asked for again
  const [fetchPolicy] = useState<'cache-first' | 'cache-and-network'>(() => (pickedMonth === null && takeFirstPage('dashboard') ? 'cache-first' : 'cache-and-network'));
  const page = useQuery(DashboardPageDocument, { variables: dashboardPageVariables(pickedMonth, session.may), fetchPolicy, nextFetchPolicy: 'cache-and-network' });
  const available = page.data?.dashboardMonths;
  const month = (pickedMonth && available?.months.some((m) => m.period === pickedMonth) ? pickedMonth : available?.defaultMonth) ?? null;
  const year = month?.slice(0, 4) ?? '';
  // a month the page does not list: back to the default month
  useEffect(() => {
    if (available && pickedMonth && !available.months.some((m) => m.period === pickedMonth)) setSearchParams({});
  }, [available, pickedMonth, setSearchParams]);
  const otherStream = flowStream !== DEFAULT_STREAM;
  const flows = useQuery(FlowsDocument, { variables: { month: month ?? '', stream: flowStream }, skip: !month || !otherStream });
  const top = TOP_PARTIES[flowStream];
  const parties = useQuery(TopPartiesDocument, { variables: { ...top, period: month ?? '' }, skip: !month || !otherStream || !session.may.readParties });
  const data = page.data && page.data.dashboard.year === year ? page.data : undefined;
  const flowData = otherStream ? flows.data?.flows : data?.flows;
  const partyRows = (otherStream ? parties.data?.topParties : data?.topParties) ?? [];
  const partiesLoading = otherStream ? parties.loading : page.loading;
  const flowsLoading = otherStream ? flows.loading : page.loading;
  const sources = page.data?.sources;
  const monthIndex = data && month ? data.dashboard.months.indexOf(month) : -1;

  const name = (row: DashboardRow) => (language === 'zh' ? row.indicator.nameZh : row.indicator.nameEn);
  const trendOption = useMemo(() => {
    if (!data) return null;
    const ratios = data.dashboard.rows.filter((row) => row.indicator.valueKind === 'RATIO');
    return {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0 },
      grid: { top: 40, left: 50, right: 20, bottom: 30 },
      xAxis: { type: 'category', data: data.dashboard.months },
      yAxis: { type: 'value', axisLabel: { formatter: '{value} %' } },
      series: ratios.map((row) => ({
        name: language === 'zh' ? row.indicator.nameZh : row.indicator.nameEn,
        type: 'line',
        connectNulls: true,
        data: row.monthly.map((value) => (value?.value ? Number((Number(value.value) * 100).toFixed(2)) : null)),
      })),
    };
  }, [data, language]);
  const sankeyOption = useMemo(() => (flowData && flowData.links.length > 0 ? flowsOption(flowData, t) : null), [flowData, t]);

  if (page.error && !page.data) return <Alert type="error" title={t('loadFailed', { message: page.error.message })} />;
  if (!page.data) return <Spin />;
  if (!month || !available) return <Alert type="info" title={t('noData')} />;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="dashboard">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('dashboardTitle', { period: month })}
        </Typography.Title>
        <MonthSelect months={available} value={month} onChange={(next) => setSearchParams(next === available.defaultMonth ? {} : { month: next })} />
      </Space>
      <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('priorityIndicators')}</Typography.Title>}>
        <Table<DashboardRow>
          size="small"
          pagination={false}
          {...NO_SCROLLBAR_MEASURE}
          rowKey={(row) => row.indicator.code}
          dataSource={data?.dashboard.rows ?? []}
          data-testid="indicator-table"
          columns={[
            { title: t('indicator'), key: 'name', render: (_v, row) => name(row) },
            {
              title: month,
              key: 'month',
              render: (_v, row) => formatIndicatorValue(monthIndex >= 0 ? row.monthly[monthIndex]?.value : null, row.indicator.valueKind, row.indicator.unit),
            },
            {
              title: year,
              key: 'year',
              render: (_v, row) => {
                const text = formatIndicatorValue(row.yearValue?.value, row.indicator.valueKind, row.indicator.unit);
                // Lineage (contributions) is FORBIDDEN to PARTNERs: not offered to them.
                if (!row.yearValue || !session.may.readStewardship) return text;
                return (
                  <Button type="link" size="small" style={{ padding: 0 }} aria-label={`${t('lineage')}: ${name(row)} ${text}`} onClick={() => setLineageTarget({ code: row.indicator.code, name: name(row), year })}>
                    {text}
                  </Button>
                );
              },
            },
            { title: t('target'), key: 'target', render: (_v, row) => row.indicator.target?.text ?? '—' },
            {
              title: t('evaluation'),
              key: 'evaluation',
              render: (_v, row) =>
                row.yearValue ? <Tag color={EVALUATION_COLOR[row.yearValue.target.evaluation]}>{t(EVALUATION_LABEL[row.yearValue.target.evaluation])}</Tag> : '—',
            },
            {
              title: t('confidence'),
              key: 'confidence',
              render: (_v, row) => {
                const value = monthIndex >= 0 ? row.monthly[monthIndex] : null;
                return <span data-testid={`confidence-${row.indicator.code}`}>{value ? `${(Number(value.confidence) * 100).toFixed(2)} %` : '—'}</span>;
              },
            },
          ]}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('monthlyTrend')}</Typography.Title>}>
            {trendOption ? <Chart option={trendOption} label={t('monthlyTrend')} /> : t('noData')}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('flows', { stream: t(FLOW_STREAM_LABEL[flowStream]) })}</Typography.Title>}
            extra={<Select aria-label={t('filterStream')} value={flowStream} onChange={setFlowStream} options={FLOW_STREAMS.map((s) => ({ value: s, label: t(FLOW_STREAM_LABEL[s]) }))} style={{ width: 170 }} />}
          >
            {flowsLoading && !flowData ? <Spin /> : sankeyOption ? <Chart option={sankeyOption} label={t('flows', { stream: t(FLOW_STREAM_LABEL[flowStream]) })} /> : t('noData')}
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('topParties', { stream: t(FLOW_STREAM_LABEL[flowStream]) })}</Typography.Title>}>
            {session.may.readParties ? (
              <Table
                size="small"
                pagination={false}
                {...NO_SCROLLBAR_MEASURE}
                rowKey={(row) => `${row.uscc ?? ''}${row.name ?? ''}`}
                dataSource={partyRows}
                loading={partiesLoading}
                columns={[
                  { title: t('flagSubject'), key: 'name', render: (_v, row) => row.name ?? row.uscc ?? '—' },
                  { title: 't', key: 'grams', align: 'right', render: (_v, row) => gramsToTonnes(row.grams) },
                ]}
              />
            ) : (
              <Typography.Text type="secondary">{t('topPartiesHidden')}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('sourcesHealth')}</Typography.Title>}>
            {!sources && page.error && <Alert type="warning" style={{ marginBottom: 12 }} data-testid="sources-error" title={t('loadFailed', { message: page.error.message })} />}
            <Table
              size="small"
              pagination={false}
              {...NO_SCROLLBAR_MEASURE}
              rowKey="id"
              dataSource={sources ?? []}
              loading={!sources && !page.error}
              data-testid="sources-table"
              columns={[
                { title: t('sourceName'), dataIndex: 'name' },
                { title: t('health'), key: 'health', render: (_v, source) => <Tag color={HEALTH_COLOR[source.health]}>{source.health}</Tag> },
                { title: t('lag'), key: 'lag', render: (_v, source) => formatLag(source.lagSeconds) },
                { title: t('records'), dataIndex: 'recordCount', align: 'right' },
                { title: t('openQuarantine'), key: 'quarantine', align: 'right', render: (_v, source) => source.quarantine.open },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <LineageDrawer target={lineageTarget} onClose={() => setLineageTarget(null)} />
    </Space>
  );
}
