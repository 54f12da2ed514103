/**
 * One entity-resolution case: what the source record said, the subject and its candidates side by side
 * (names, USCC, street, every source's name for them), the decisions so far, and (ADMIN, STEWARD) the
 * decision form. A refused decision (CONFLICT: already decided) is shown on the page, not only as a toast.
 */
import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { CombinedGraphQLErrors } from '@apollo/client';
import { Alert, App, Button, Card, Col, Descriptions, Row, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { DecideResolutionCaseDocument, ResolutionCaseDocument, type ResolutionPartyFragment } from '../graphql/generated';
import { useLanguage } from '../i18n';
import { CASE_KIND_LABEL, CASE_STATUS_LABEL, DECISION_LABEL } from '../labels';
import { useSession } from '../session';
import { DecideCaseForm } from '../components/DecideCaseForm';
import { localDateTime } from '../dates';

const at = localDateTime;

function errorCode(error: unknown): string | undefined {
  if (!CombinedGraphQLErrors.is(error)) return undefined;
  const code = error.errors[0]?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

function PartyCard({ party, title }: { party: ResolutionPartyFragment; title: string }) {
  const { t } = useLanguage();
  return (
    <Card type="inner" title={title} data-testid="case-party">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('partyName')}>{party.name}</Descriptions.Item>
        <Descriptions.Item label={t('partyUscc')}>{party.uscc ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('partyStreet')}>{party.street?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('sourceKey')}>{party.primaryKey}</Descriptions.Item>
      </Descriptions>
      <Typography.Text strong>{t('partyAliases')}</Typography.Text>
      <ul style={{ paddingLeft: 20, margin: '4px 0 0' }}>
        {party.aliases.map((alias) => (
          <li key={`${alias.source}|${alias.sourceKey}`}>
            {alias.name} · {alias.source}/{alias.sourceKey}
            {alias.usccRaw ? ` · ${alias.usccRaw}${alias.usccValid ? '' : ' ✗'}` : ''}
          </li>
        ))}
      </ul>
    </Card>
  );
}

export function ResolutionCasePage() {
  const { id = '' } = useParams();
  const { t } = useLanguage();
  const { message } = App.useApp();
  const session = useSession();
  const navigate = useNavigate();
  const { data, loading, error } = useQuery(ResolutionCaseDocument, { variables: { id } });
  const [decide] = useMutation(DecideResolutionCaseDocument);
  const [refusal, setRefusal] = useState<string | null>(null);
  const resolutionCase = data?.resolutionCase;
  const columns = resolutionCase ? Math.max(6, Math.floor(24 / (resolutionCase.candidates.length + 1))) : 12;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Button type="link" style={{ paddingLeft: 0, alignSelf: 'flex-start' }} onClick={() => navigate('/resolution')}>
        ← {t('back')}
      </Button>
      {loading && !data && <Spin />}
      {error && <Alert type="error" title={t('loadFailed', { message: error.message })} />}
      {resolutionCase && (
        <>
          <Card>
            <Space align="center" wrap>
              <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
                {t(CASE_KIND_LABEL[resolutionCase.kind])}
              </Typography.Title>
              <Tag data-testid="case-status">{t(CASE_STATUS_LABEL[resolutionCase.status])}</Tag>
            </Space>
            <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
              {t('caseEvidence')}
            </Typography.Title>
            <Descriptions size="small" column={{ xs: 1, md: 3 }} data-testid="case-evidence">
              <Descriptions.Item label={t('caseSource')}>{resolutionCase.evidence.source}</Descriptions.Item>
              <Descriptions.Item label={t('sourceKey')}>{resolutionCase.evidence.sourceKey}</Descriptions.Item>
              <Descriptions.Item label={t('partyName')}>{resolutionCase.evidence.name}</Descriptions.Item>
              <Descriptions.Item label={t('normalisedName')}>{resolutionCase.evidence.normalisedName}</Descriptions.Item>
              <Descriptions.Item label={t('partyStreet')}>{resolutionCase.evidence.street ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('usccRaw')}>{resolutionCase.evidence.usccRaw ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('caseOpenedAt')}>{at(resolutionCase.openedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('caseSubject')}>{resolutionCase.subjectKey}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} md={columns}>
              {resolutionCase.subject ? <PartyCard party={resolutionCase.subject} title={t('caseSubjectParty')} /> : <Alert type="info" title={t('caseNoSubject')} />}
            </Col>
            {resolutionCase.candidates.map((candidate, index) => (
              <Col key={candidate.id} xs={24} md={columns}>
                <PartyCard party={candidate} title={`${t('candidate')} ${index + 1}`} />
              </Col>
            ))}
          </Row>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('caseHistory')}</Typography.Title>}>
                {resolutionCase.history.length === 0 ? (
                  <Typography.Text type="secondary">{t('noData')}</Typography.Text>
                ) : (
                  <Timeline
                    data-testid="case-history"
                    items={resolutionCase.history.map((entry) => ({
                      content: (
                        <div>
                          <Typography.Text strong>{t(DECISION_LABEL[entry.decision])}</Typography.Text> · {entry.candidate?.name ?? entry.candidateKey} ·{' '}
                          {t('caseDecidedBy', { by: entry.decidedBy, at: at(entry.decidedAt) })}
                          <div>{entry.reason}</div>
                        </div>
                      ),
                    }))}
                  />
                )}
              </Card>
            </Col>
            {session.may.act && (
              <Col xs={24} md={12}>
                <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('decide')}</Typography.Title>}>
                  {refusal && <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid="case-refusal" title={refusal} />}
                  {resolutionCase.status === 'OPEN' ? (
                    <DecideCaseForm
                      candidates={resolutionCase.candidates}
                      onSubmit={async (input) => {
                        try {
                          await decide({ variables: { id, input } });
                          setRefusal(null);
                          void message.success(t('actionDone'));
                        } catch (failure) {
                          const text = failure instanceof Error ? failure.message : String(failure);
                          setRefusal(errorCode(failure) === 'CONFLICT' ? t('caseConflict', { message: text }) : t('actionFailed', { message: text }));
                        }
                      }}
                    />
                  ) : (
                    <Typography.Text type="secondary">{t(CASE_STATUS_LABEL[resolutionCase.status])}</Typography.Text>
                  )}
                </Card>
              </Col>
            )}
          </Row>
        </>
      )}
    </Space>
  );
}
