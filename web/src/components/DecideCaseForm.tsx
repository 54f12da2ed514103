/**
 * A steward's decision on an entity-resolution case: same organisation as a candidate, a different one,
 * or the organisation's real USCC, always with a reason. Builds exactly the input the API accepts.
 */
import { useState } from 'react';
import { Button, Form, Input, Radio, Select } from 'antd';
import type { DecideResolutionCaseInput, ResolutionDecisionKind } from '../graphql/generated';
import { useLanguage } from '../i18n';
import { DECISION_LABEL, DECISIONS } from '../labels';

export interface DecisionValues {
  decision?: ResolutionDecisionKind;
  candidate?: string;
  correctedUscc?: string;
  reason?: string;
}

/** GB 32100-2015: 18 characters from the code set (no I, O, S, V, Z). The API checks the check digit. */
const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The API input for the form's values, or null when the API would refuse it as BAD_USER_INPUT. */
export function decisionInputOf(values: DecisionValues): DecideResolutionCaseInput | null {
  const reason = values.reason?.trim() ?? '';
  if (!values.decision || reason === '') return null;
  if (values.decision === 'CORRECT_USCC') {
    const correctedUscc = values.correctedUscc?.trim().toUpperCase() ?? '';
    return USCC_PATTERN.test(correctedUscc) ? { decision: 'CORRECT_USCC', correctedUscc, reason } : null;
  }
  return values.candidate ? { decision: values.decision, candidate: values.candidate, reason } : null;
}

interface Props {
  candidates: readonly { id: string; name: string; uscc: string | null }[];
  onSubmit(input: DecideResolutionCaseInput): Promise<void>;
}

export function DecideCaseForm({ candidates, onSubmit }: Props) {
  const { t } = useLanguage();
  const [form] = Form.useForm<DecisionValues>();
  const decision = Form.useWatch('decision', form);
  const [submitting, setSubmitting] = useState(false);
  return (
    <Form
      form={form}
      layout="vertical"
      data-testid="decide-case-form"
      onFinish={async (values) => {
        const input = decisionInputOf(values);
        if (!input) return;
        setSubmitting(true);
        try {
          await onSubmit(input);
          form.resetFields();
        } finally {
          setSubmitting(false);
        }
      }}
    >
      <Form.Item name="decision" label={t('decision')} rules={[{ required: true, message: t('decision') }]}>
        <Radio.Group options={DECISIONS.map((kind) => ({ value: kind, label: t(DECISION_LABEL[kind]) }))} />
      </Form.Item>
      {decision && decision !== 'CORRECT_USCC' && (
        <Form.Item name="candidate" label={t('candidate')} rules={[{ required: true, message: t('candidateRequired') }]}>
          <Select options={candidates.map((party) => ({ value: party.id, label: `${party.name}${party.uscc ? ` · ${party.uscc}` : ''}` }))} />
        </Form.Item>
      )}
      {decision === 'CORRECT_USCC' && (
        <Form.Item
          name="correctedUscc"
          label={t('correctedUscc')}
          rules={[{ required: true, pattern: USCC_PATTERN, transform: (value: string) => value.trim().toUpperCase(), message: t('usccInvalid') }]}
        >
          <Input maxLength={18} />
        </Form.Item>
      )}
      <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, message: t('reasonRequired') }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={submitting}>
        {t('submit')}
      </Button>
    </Form>
  );
}
