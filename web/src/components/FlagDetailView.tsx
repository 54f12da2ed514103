/**
 * One flag: each side's value, unit and source side by side, the difference against the tolerance, where
 * the raw records are (not for PARTNERs), the history with actors, comments and the steward's actions.
 * Presentational: the page supplies the data and the actions, so tests render it without a server.
 */
import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Form, Input, List, Modal, Row, Space, Statistic, Tag, Timeline, Typography } from 'antd';
import type { FlagDetailFieldsFragment, FlagSideProvenanceFragment, FlagSideRecordsQuery, ResolveFlagInput } from '../graphql/generated';
import { useLanguage } from '../i18n';
import { HISTORY_ACTION_LABEL, SEVERITY_COLOR, SEVERITY_LABEL, STATUS_LABEL } from '../labels';
import type { Permissions } from '../session';
import { ResolveForm } from './ResolveForm';
import { ReasonModal } from './ReasonModal';
import { EscalateForm, type EscalateInput } from './EscalateForm';
import { RawRecord } from './RawRecord';
import { localDateTime } from '../dates';

export type SideRecords = FlagSideRecordsQuery['flag']['evidence']['sides'][number]['records'];

export interface FlagActions {
  acknowledge(): Promise<void>;
  comment(text: string): Promise<void>;
  resolve(input: ResolveFlagInput): Promise<void>;
  dismiss(reason: string): Promise<void>;
  reopen(reason: string): Promise<void>;
  escalate(input: EscalateInput): Promise<void>;
}

interface Props {
  flag: FlagDetailFieldsFragment;
  /** each side's source record ids and payload reference; absent for callers who may not read them */
  provenance?: readonly FlagSideProvenanceFragment[];
  /** each side's source records with raw payloads; absent for callers who may not read them */
  records?: readonly SideRecords[];
  /** agencies a flag may be escalated to */
  agencies?: readonly { code: string; name: string }[];
  may: Permissions;
  actions: FlagActions;
}

const at = localDateTime;

export function FlagDetailView({ flag, provenance, records, agencies = [], may, actions }: Props) {
  const { t } = useLanguage();
  const [resolving, setResolving] = useState(false);
  const [dismissing, setDismissing] = useState(false);
  const [reopening, setReopening] = useState(false);
  const [escalating, setEscalating] = useState(false);
  const [commentForm] = Form.useForm<{ text: string }>();
  const closed = flag.status === 'RESOLVED' || flag.status === 'DISMISSED';
  const sides = flag.evidence.sides;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Space align="center" wrap>
          <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
            {flag.rule} · {flag.subject.label ?? flag.subject.key}
          </Typography.Title>
          <Tag color={SEVERITY_COLOR[flag.severity]}>{t(SEVERITY_LABEL[flag.severity])}</Tag>
          <Tag data-testid="flag-status">{t(STATUS_LABEL[flag.status])}</Tag>
        </Space>
        <Typography.Paragraph style={{ marginTop: 12 }}>{flag.evidence.message}</Typography.Paragraph>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('flagSubject')}>
            {flag.subject.kind} {flag.subject.key}
            {flag.subject.partyUscc ? ` · ${flag.subject.partyUscc}` : ''}
            {flag.subject.street ? ` · ${flag.subject.street}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('flagPeriod')}>{flag.period}</Descriptions.Item>
          <Descriptions.Item label={t('flagStream')}>{flag.stream}</Descriptions.Item>
          <Descriptions.Item label={t('flagAssignee')}>{flag.assignee?.label ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('flagFirstRaised')}>{at(flag.firstRaisedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('flagKey')}>{flag.key}</Descriptions.Item>
          {flag.escalatedTo.length > 0 && (
            <Descriptions.Item label={t('escalatedTo')}>
              <span data-testid="flag-escalated-to">{flag.escalatedTo.map((agency) => agency.name).join(' → ')}</span>
            </Descriptions.Item>
          )}
        </Descriptions>
        {may.act && (
          <Space wrap style={{ marginTop: 12 }}>
            {flag.status === 'OPEN' && <Button onClick={() => void actions.acknowledge()}>{t('acknowledge')}</Button>}
            {!closed && (
              <Button type="primary" onClick={() => setResolving(true)}>
                {t('resolve')}
              </Button>
            )}
            {!closed && (
              <Button danger onClick={() => setDismissing(true)}>
                {t('dismiss')}
              </Button>
            )}
            {!closed && <Button onClick={() => setEscalating(true)}>{t('escalate')}</Button>}
            {closed && <Button onClick={() => setReopening(true)}>{t('reopen')}</Button>}
          </Space>
        )}
      </Card>

      <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('sides')}</Typography.Title>}>
        <Row gutter={16}>
          {sides.map((side, index) => (
            <Col key={index} xs={24} md={Math.max(6, Math.floor(24 / Math.max(sides.length, 1)))}>
              <Card type="inner" title={side.label} data-testid="flag-side">
                <Statistic title={t('sideValue')} value={`${side.value} ${side.unit}`} />
                <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
                  <Descriptions.Item label={t('sideSource')}>
                    {side.source} / {side.stream}
                  </Descriptions.Item>
                  {side.grams && <Descriptions.Item label={t('sideGrams')}>{side.grams}</Descriptions.Item>}
                  {may.readRaw && provenance?.[index] && (
                    <>
                      <Descriptions.Item label={t('sideRecords')}>
                        <span data-testid="side-records">{provenance[index]?.sourceRecordIds?.join(', ') || '—'}</span>
                      </Descriptions.Item>
                      <Descriptions.Item label={t('sidePayloadRef')}>{provenance[index]?.payloadRef ?? '—'}</Descriptions.Item>
                    </>
                  )}
                </Descriptions>
                {may.readRaw && records?.[index] && (
                  <div data-testid="side-raw-records" style={{ marginTop: 8 }}>
                    <Typography.Text strong>{t('sideRawRecords', { count: records[index].length })}</Typography.Text>
                    {records[index].length === 0 && <Typography.Paragraph type="secondary">{t('noRecords')}</Typography.Paragraph>}
                    {records[index].map((record) => (
                      <div key={record.id} style={{ marginTop: 8 }}>
                        <Typography.Text type="secondary">
                          {record.source}/{record.stream} · {record.sourceId} · v{record.version}
                        </Typography.Text>
                        <RawRecord payload={record.payload} />
                      </div>
                    ))}
                  </div>
                )}
              </Card>
            </Col>
          ))}
        </Row>
        <Alert
          style={{ marginTop: 16 }}
          type={closed ? 'info' : 'warning'}
          data-testid="flag-difference"
          title={`${t('difference')}: ${flag.evidence.difference}${flag.evidence.differenceGrams ? ` (${flag.evidence.differenceGrams} g)` : ''} · ${t('tolerance')}: ${flag.evidence.tolerance}`}
        />
        {!may.readRaw && <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('rawHidden')}</Typography.Paragraph>}
      </Card>

      {(flag.resolution || flag.goldenValue) && (
        <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('resolution')}</Typography.Title>}>
          {flag.resolution && (
            <Typography.Paragraph data-testid="flag-resolution">
              {flag.resolution.kind}
              {flag.resolution.side !== null && flag.resolution.side !== undefined ? ` #${flag.resolution.side + 1} ${sides[flag.resolution.side]?.label ?? ''}` : ''}
              {flag.resolution.correctedValue ? ` ${flag.resolution.correctedValue} ${flag.resolution.correctedUnit ?? ''}` : ''} — {flag.resolution.reason} ({flag.resolution.by.label}, {at(flag.resolution.at)})
            </Typography.Paragraph>
          )}
          {flag.goldenValue && (
            <Typography.Paragraph>
              {t('goldenValue')}: {flag.goldenValue.value} {flag.goldenValue.unit}
              {flag.goldenValue.source ? ` (${flag.goldenValue.source})` : ''}
            </Typography.Paragraph>
          )}
        </Card>
      )}

      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('history')}</Typography.Title>}>
            <Timeline
              data-testid="flag-history"
              items={flag.history.map((entry) => ({
                children: (
                  <div>
                    <Typography.Text strong>{t(HISTORY_ACTION_LABEL[entry.action])}</Typography.Text> · {entry.actor.label} · {at(entry.at)}
                    {entry.from && entry.to && entry.from !== entry.to ? ` · ${t(STATUS_LABEL[entry.from])} → ${t(STATUS_LABEL[entry.to])}` : ''}
                    {entry.note ? <div>{entry.note}</div> : null}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('comments')}</Typography.Title>}>
            <List
              dataSource={flag.comments}
              locale={{ emptyText: <Typography.Text type="secondary">{t('noComments')}</Typography.Text> }}
              renderItem={(comment) => (
                <List.Item key={comment.id}>
                  <List.Item.Meta title={`${comment.author.label} · ${at(comment.at)}`} description={comment.text} />
                </List.Item>
              )}
            />
            {may.act && (
              <Form
                form={commentForm}
                layout="vertical"
                onFinish={async ({ text }) => {
                  await actions.comment(text.trim());
                  commentForm.resetFields();
                }}
              >
                <Form.Item name="text" label={t('addComment')} rules={[{ required: true, whitespace: true, message: t('commentPlaceholder') }]}>
                  <Input.TextArea rows={2} placeholder={t('commentPlaceholder')} />
                </Form.Item>
                <Button htmlType="submit">{t('send')}</Button>
              </Form>
            )}
          </Card>
        </Col>
      </Row>

      <Modal open={resolving} title={t('resolveTitle')} footer={null} onCancel={() => setResolving(false)} destroyOnHidden>
        <ResolveForm
          sides={sides}
          defaultUnit={sides[0]?.unit}
          onSubmit={async (input) => {
            await actions.resolve(input);
            setResolving(false);
          }}
          onCancel={() => setResolving(false)}
        />
      </Modal>
      <ReasonModal open={dismissing} title={t('dismissTitle')} onCancel={() => setDismissing(false)} onSubmit={async (reason) => { await actions.dismiss(reason); setDismissing(false); }} />
      <Modal open={escalating} title={t('escalateTitle')} footer={null} onCancel={() => setEscalating(false)} destroyOnHidden>
        <EscalateForm
          agencies={agencies}
          onSubmit={async (input) => {
            await actions.escalate(input);
            setEscalating(false);
          }}
          onCancel={() => setEscalating(false)}
        />
      </Modal>
      <ReasonModal open={reopening} title={t('reopenTitle')} onCancel={() => setReopening(false)} onSubmit={async (reason) => { await actions.reopen(reason); setReopening(false); }} />
    </Space>
  );
}
