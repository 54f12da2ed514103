/** Escalating a flag: the agency that should take it over and why. The caller's own agency is not offered. */
import { useState } from 'react';
import { Button, Form, Input, Select, Space } from 'antd';
import { useLanguage } from '../i18n';

export interface EscalateInput {
  agency: string;
  reason: string;
}

interface Props {
  agencies: readonly { code: string; name: string }[];
  onSubmit(input: EscalateInput): Promise<void>;
  onCancel?(): void;
}

export function EscalateForm({ agencies, onSubmit, onCancel }: Props) {
  const { t } = useLanguage();
  const [form] = Form.useForm<EscalateInput>();
  const [submitting, setSubmitting] = useState(false);
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={async ({ agency, reason }) => {
        setSubmitting(true);
        try {
          await onSubmit({ agency, reason: reason.trim() });
        } finally {
          setSubmitting(false);
        }
      }}
    >
      <Form.Item name="agency" label={t('escalateAgency')} rules={[{ required: true, message: t('agencyRequired') }]}>
        <Select options={agencies.map((agency) => ({ value: agency.code, label: `${agency.name} (${agency.code})` }))} />
      </Form.Item>
      <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, message: t('reasonRequired') }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={submitting}>
          {t('submit')}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t('cancel')}</Button>}
      </Space>
    </Form>
  );
}
