/**
 * Resolve a flag: accept one side, or give a corrected value; always with a reason (the API refuses a
 * resolution without one, and the audit trail keeps it). Builds the API's ResolveFlagInput.
 */
import { useState } from 'react';
import { Button, Form, Input, Radio, Select, Space } from 'antd';
import type { ResolveFlagInput, ResolveFlagKind } from '../graphql/generated';
import { useLanguage } from '../i18n';
import { isMassUnit, MASS_UNITS, toGrams } from '../grams';

export interface ResolvableSide {
  label: string;
  value: string;
  unit: string;
  source: string;
}

interface Values {
  kind: ResolveFlagKind;
  side?: number;
  amount?: string;
  unit?: string;
  reason: string;
}

/** The API input for the form's values; null when they do not make one (the form's rules say why). */
export function resolveInputOf(values: Values): ResolveFlagInput | null {
  const reason = values.reason.trim();
  if (!reason) return null;
  if (values.kind === 'ACCEPT_SIDE') return values.side === undefined ? null : { kind: 'ACCEPT_SIDE', side: values.side, reason };
  const amount = values.amount?.trim() ?? '';
  const unit = values.unit?.trim() ?? '';
  if (!amount || !unit) return null;
  if (isMassUnit(unit)) {
    const correctedGrams = toGrams(amount, unit);
    return correctedGrams === null ? null : { kind: 'CORRECTED_VALUE', correctedGrams, correctedValue: amount, correctedUnit: unit, reason };
  }
  return { kind: 'CORRECTED_VALUE', correctedValue: amount, correctedUnit: unit, reason };
}

interface Props {
  sides: readonly ResolvableSide[];
  /** the unit the sides state their values in, proposed for a corrected value */
  defaultUnit?: string;
  onSubmit(input: ResolveFlagInput): Promise<void>;
  onCancel?(): void;
}

export function ResolveForm({ sides, defaultUnit, onSubmit, onCancel }: Props) {
  const { t } = useLanguage();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const [busy, setBusy] = useState(false);
  const unitOptions = [...new Set([...(defaultUnit ? [defaultUnit] : []), ...MASS_UNITS])].map((u) => ({ value: u, label: u }));

  const finish = async (values: Values) => {
    const input = resolveInputOf(values);
    if (!input) return;
    setBusy(true);
    try {
      await onSubmit(input);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" initialValues={{ kind: 'ACCEPT_SIDE', unit: defaultUnit ?? 't', reason: '' }} onFinish={finish} data-testid="resolve-form">
      <Form.Item name="kind" label={t('resolveKind')}>
        <Radio.Group
          options={[
            { value: 'ACCEPT_SIDE', label: t('acceptSide') },
            { value: 'CORRECTED_VALUE', label: t('correctedValue') },
          ]}
        />
      </Form.Item>
      {kind !== 'CORRECTED_VALUE' ? (
        <Form.Item name="side" label={t('chooseSide')} rules={[{ required: true, message: t('sideRequired') }]}>
          <Radio.Group>
            <Space direction="vertical">
              {sides.map((side, index) => (
                <Radio key={index} value={index}>
                  {side.value ? `${side.label}: ${side.value} ${side.unit} (${side.source})` : side.label}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
      ) : (
        <Space align="start">
          <Form.Item
            name="amount"
            label={t('correctedAmount')}
            rules={[
              { required: true, message: t('valueRequired') },
              {
                validator: async (_rule, amount: string | undefined) => {
                  const unit: string = form.getFieldValue('unit') ?? '';
                  if (amount && isMassUnit(unit) && toGrams(amount, unit) === null) throw new Error(t('valueRequired'));
                },
              },
            ]}
          >
            <Input inputMode="decimal" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="unit" label={t('correctedUnit')} rules={[{ required: true, message: t('unitRequired') }]}>
            <Select options={unitOptions} style={{ width: 100 }} aria-label={t('correctedUnit')} />
          </Form.Item>
        </Space>
      )}
      <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, message: t('reasonRequired') }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('submit')}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t('cancel')}</Button>}
      </Space>
    </Form>
  );
}
