/**
 * The form of one case action, built from what the action needs (`requiredInputs` in cases.lifecycle.ts): a
 * reason, a target, the case to merge into, the result with photos — or just an optional note. Mounted per
 * opening, so each starts clean. It sends the `version` the page loaded; any 409 (VERSION_CONFLICT, or
 * INVALID_TRANSITION when the state moved on) is handed to the page to offer a reload. Destructive actions
 * (reject, merge, return) ask once more before sending; OK waits while result photos are still uploading.
 */
import { type CaseAction, caseActionLabels, requiredInputs } from '@grassroots/shared/cases/cases.lifecycle';
import { MAX_CASE_ATTACHMENTS } from '@grassroots/shared/cases/cases.schema';
import { App, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useConfirm } from '../../../components/ConfirmButton';
import { PhotoUpload } from '../../../components/case/PhotoUpload';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../lib/i18n';
import { useAction } from '../../../lib/use-action';
import { type CaseDetail, useRunAction } from './api';
import { type ActionValues, destructiveActions, isConflict, toActionBody } from './case-detail.rules';
import { MergeField } from './MergeField';
import { AssignFields, DispatchFields } from './TargetFields';

/** Actions whose reason the UI asks for although the table does not demand one (a request must say why). */
const reasonAlsoFor: readonly CaseAction[] = ['requestSuspend'];
/** Actions offering an optional reason field. */
const optionalReason: readonly CaseAction[] = ['escalate'];

type Values = ActionValues & { acceptBy?: Dayjs | null; resolveBy?: Dayjs | null };

export interface ActionDialogProps {
  view: CaseDetail;
  action: CaseAction;
  /** Pre-selects the case to merge into (from the 可能重复 card). */
  duplicateOf?: string;
  onClose: () => void;
  onConflict: () => void;
}

export function ActionDialog({ view, action, duplicateOf, onClose, onConflict }: ActionDialogProps) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const confirm = useConfirm();
  const run = useRunAction(view.id);
  const { busy, error, run: go } = useAction();
  // Photos still on their way are not in the form yet: sending now would drop them.
  const [uploading, setUploading] = useState(false);
  const label = tl(caseActionLabels[action]);
  const needs = requiredInputs(action);

  const submit = async () => {
    if (uploading) return;
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    if (
      destructiveActions.includes(action) &&
      !(await confirm({
        title: t(`确定${label}？`, `${label}?`),
        content: t('此操作会改变诉求状态，请确认。', 'This changes the state of the case.'),
        okText: label,
      }))
    )
      return;
    await go(async () => {
      try {
        await run(action, toActionBody(action, view.version, values));
      } catch (e) {
        if (isConflict(e)) {
          onClose();
          onConflict();
          return;
        }
        throw e;
      }
      message.success(t(`已${label}`, `${label}: done`));
      onClose();
    });
  };

  const reasonRequired = needs.includes('reason') || reasonAlsoFor.includes(action);
  return (
    <Modal
      open
      title={`${label} · ${view.number}`}
      okText={uploading ? t('照片上传中…', 'Uploading photos…') : label}
      okButtonProps={{ danger: destructiveActions.includes(action), disabled: uploading }}
      cancelText={t('取消', 'Cancel')}
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
      width={action === 'merge' ? 720 : 560}
    >
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" aria-label={label} initialValues={{ duplicateOf }}>
        {action === 'dispatch' ? <DispatchFields caseId={view.id} /> : null}
        {action === 'assign' ? <AssignFields caseId={view.id} /> : null}
        {action === 'merge' ? <MergeField caseId={view.id} /> : null}
        {reasonRequired || optionalReason.includes(action) ? (
          <Form.Item
            name="reason"
            label={t('原因', 'Reason')}
            rules={
              reasonRequired ? [{ required: true, whitespace: true, message: t('请填写原因', 'Give a reason') }] : []
            }
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        ) : null}
        {action === 'resolve' ? (
          <>
            <Form.Item
              name="note"
              label={t('处置结果', 'Result')}
              rules={[{ required: true, whitespace: true, message: t('请填写处置结果', 'Describe the result') }]}
            >
              <Input.TextArea rows={4} maxLength={2000} showCount />
            </Form.Item>
            <Form.Item
              name="attachmentIds"
              label={t(`处置照片（最多 ${MAX_CASE_ATTACHMENTS} 张）`, `Photos (up to ${MAX_CASE_ATTACHMENTS})`)}
            >
              <PhotoUpload max={MAX_CASE_ATTACHMENTS} onUploadingChange={setUploading} />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="note" label={t('备注（可选）', 'Note (optional)')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
