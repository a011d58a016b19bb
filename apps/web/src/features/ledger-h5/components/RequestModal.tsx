/**
 * A resident's request about their household's data: a correction (which member, what is wrong) or the
 * erasure of a member's personal data — which asks once more and says what it means before it is sent.
 */
import { Alert, Form, Input, Modal, Radio } from 'antd';
import { useEffect } from 'react';
import { useConfirm } from '../../../components/ConfirmButton';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../lib/i18n';
import { type MyMember, useCreateMyRequest } from '../api';

export type RequestKind = 'correction' | 'erasure';
const WHOLE = 'household';

interface Values {
  personId: string;
  message: string;
}

export interface RequestModalProps {
  kind: RequestKind | null;
  members: MyMember[];
  onClose: () => void;
  onSent: (kind: RequestKind) => void;
}

export function RequestModal({ kind, members, onClose, onSent }: RequestModalProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const create = useCreateMyRequest();
  const confirm = useConfirm();
  const erasure = kind === 'erasure';
  const { reset } = create;
  useEffect(() => {
    if (kind) {
      reset();
      form.resetFields();
    }
  }, [kind, reset, form]);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v || !kind) return;
    const person = members.find((m) => m.id === v.personId);
    if (
      erasure &&
      !(await confirm({
        title: t('确认申请注销个人信息？', 'Ask to erase this personal data?'),
        content: t(
          `办理后，${person?.name ?? ''}在住户台账中的姓名将显示为“已注销”，身份证号、电话、标签等信息将被清除且无法恢复，相关服务可能无法再为其提供。`,
          `Once done, ${person?.name ?? ''} shows as 已注销 in the ledger; ID number, phone, tags and other data are cleared for good, and some services may no longer reach them.`,
        ),
        okText: t('确认申请', 'Send'),
      }))
    )
      return;
    try {
      await create.mutateAsync({
        kind,
        personId: v.personId === WHOLE ? undefined : v.personId,
        message: v.message.trim(),
      });
      onSent(kind);
    } catch {
      // shown above the form
    }
  };

  const options = [
    ...(erasure ? [] : [{ value: WHOLE, label: t('全户信息（地址、电话等）', 'The household (address, phone …)') }]),
    ...members.map((m) => ({ value: m.id, label: m.name })),
  ];
  return (
    <Modal
      open={!!kind}
      title={erasure ? t('申请注销个人信息', 'Ask to erase personal data') : t('申请更正信息', 'Ask for a correction')}
      okText={t('提交申请', 'Send')}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{ size: 'large', danger: erasure }}
      cancelButtonProps={{ size: 'large' }}
      confirmLoading={create.isPending}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      {erasure ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t(
            '注销后该成员的个人信息将被匿名化且无法恢复。社区工作人员核实后办理。',
            'The member’s personal data will be anonymised for good, after the community staff have checked the request.',
          )}
        />
      ) : null}
      {create.error ? <ErrorAlert error={create.error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" initialValues={erasure ? {} : { personId: WHOLE }}>
        <Form.Item
          name="personId"
          label={erasure ? t('注销哪位成员的信息', 'Whose data') : t('更正哪项信息', 'What to correct')}
          rules={[{ required: true, message: t('请选择', 'Choose one') }]}
        >
          <Radio.Group options={options} style={{ display: 'flex', flexDirection: 'column', gap: 8 }} />
        </Form.Item>
        <Form.Item
          name="message"
          label={erasure ? t('注销原因', 'Why') : t('哪里不对，应改为什么', 'What is wrong and what it should be')}
          rules={[
            { required: true, whitespace: true, message: t('请填写说明', 'Please explain') },
            { min: 2, message: t('至少2个字', 'At least 2 characters') },
          ]}
        >
          <Input.TextArea rows={4} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
