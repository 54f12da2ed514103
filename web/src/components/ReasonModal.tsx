import { Form, Input, Modal } from 'antd';
import { useLanguage } from '../i18n';

/** A modal asking for the reason a dismissal or reopening needs. */
export function ReasonModal({ open, title, onSubmit, onCancel }: { open: boolean; title: string; onSubmit(reason: string): Promise<void>; onCancel(): void }) {
  const { t } = useLanguage();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open={open}
      title={title}
      okText={t('submit')}
      cancelText={t('cancel')}
      onCancel={onCancel}
      onOk={async () => {
        const { reason } = await form.validateFields();
        await onSubmit(reason.trim());
        form.resetFields();
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, message: t('reasonRequired') }]}>
          <Input.TextArea rows={3} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
