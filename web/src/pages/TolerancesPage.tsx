/**
 * Rule tolerances and severities as versioned data (ADMIN): every version with its effective month,
 * origin, author and reason, and a form adding a version from a month's first day. Append-only.
 */
import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { ChangeRuleSettingsDocument, RuleSetVersionsDocument, type ChangeRuleSettingsInput, type FlagSeverity, type RuleSetVersionFieldsFragment } from '../graphql/generated';
import { useLanguage } from '../i18n';
import { FLAG_SEVERITIES, ORIGIN_LABEL, SEVERITY_COLOR, SEVERITY_LABEL } from '../labels';
import { localDateTime } from '../dates';

interface RuleChangeValues {
  month: string;
  rule: string;
  tolerance?: number | null;
  severity?: FlagSeverity;
  reason: string;
}

const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The API input for one rule's change, or null when nothing would change or a field is malformed. */
export function ruleChangeInputOf(values: RuleChangeValues): ChangeRuleSettingsInput | null {
  const reason = values.reason.trim();
  const tolerance = values.tolerance ?? undefined;
  if (!MONTH_PATTERN.test(values.month) || !values.rule || reason === '') return null;
  if (tolerance === undefined && !values.severity) return null;
  if (tolerance !== undefined && tolerance < 0) return null;
  return {
    effectiveFrom: `${values.month}-01`,
    changes: [{ rule: values.rule, ...(tolerance !== undefined ? { tolerance } : {}), ...(values.severity ? { severity: values.severity } : {}) }],
    reason,
  };
}

export function TolerancesPage() {
  const { t } = useLanguage();
  const { message } = App.useApp();
  const versions = useQuery(RuleSetVersionsDocument);
  const [change] = useMutation(ChangeRuleSettingsDocument, { refetchQueries: [RuleSetVersionsDocument] });
  const [form] = Form.useForm<RuleChangeValues>();
  const [refusal, setRefusal] = useState<string | null>(null);
  const rows = versions.data?.ruleSetVersions ?? [];
  const rules = rows.at(-1)?.rules.map((setting) => setting.rule) ?? [];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 20 }}>
          {t('tolerancesTitle')}
        </Typography.Title>
        {versions.error && <Alert type="error" title={t('loadFailed', { message: versions.error.message })} />}
        <Table<RuleSetVersionFieldsFragment>
          size="small"
          rowKey="version"
          loading={versions.loading}
          dataSource={[...rows].reverse()}
          pagination={false}
          data-testid="rule-set-versions"
          expandable={{
            expandedRowRender: (version) => (
              <Table
                size="small"
                rowKey="rule"
                pagination={false}
                dataSource={version.rules}
                columns={[
                  { title: t('rule'), dataIndex: 'rule' },
                  { title: t('tolerance'), dataIndex: 'tolerance', align: 'right' },
                  { title: t('severity'), key: 'severity', render: (_v, setting) => <Tag color={SEVERITY_COLOR[setting.severity]}>{t(SEVERITY_LABEL[setting.severity])}</Tag> },
                ]}
              />
            ),
          }}
          columns={[
            { title: t('ruleSetVersion'), dataIndex: 'version' },
            { title: t('effectiveFrom'), dataIndex: 'effectiveFrom' },
            { title: t('origin'), key: 'origin', render: (_v, version) => t(ORIGIN_LABEL[version.origin]) },
            { title: t('note'), key: 'note', render: (_v, version) => version.note ?? '—' },
            { title: t('createdBy'), key: 'createdBy', render: (_v, version) => (version.createdBy ? `${version.createdBy}${version.createdAt ? ` · ${localDateTime(version.createdAt)}` : ''}` : '—') },
          ]}
        />
      </Card>
      <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('changeRuleSettings')}</Typography.Title>}>
        {refusal && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={refusal} />}
        <Form
          form={form}
          layout="vertical"
          style={{ maxWidth: 560 }}
          onFinish={async (values) => {
            const input = ruleChangeInputOf(values);
            if (!input) {
              setRefusal(t('changeRequired'));
              return;
            }
            try {
              await change({ variables: { input } });
              setRefusal(null);
              form.resetFields();
              void message.success(t('actionDone'));
            } catch (failure) {
              setRefusal(t('actionFailed', { message: failure instanceof Error ? failure.message : String(failure) }));
            }
          }}
        >
          <Form.Item name="month" label={t('effectiveMonth')} rules={[{ required: true, pattern: MONTH_PATTERN, message: t('monthInvalid') }]}>
            <Input placeholder="2027-01" />
          </Form.Item>
          <Form.Item name="rule" label={t('rule')} rules={[{ required: true, message: t('ruleRequired') }]}>
            <Select showSearch options={rules.map((rule) => ({ value: rule, label: rule }))} />
          </Form.Item>
          <Form.Item name="tolerance" label={t('tolerance')}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="severity" label={t('severity')}>
            <Select allowClear options={FLAG_SEVERITIES.map((severity) => ({ value: severity, label: t(SEVERITY_LABEL[severity]) }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, message: t('reasonRequired') }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('submit')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
