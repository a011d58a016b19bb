/**
 * The small forms behind the phone case actions: a reason (return, rework, reopen), a result with photos
 * (resolve) and the resident's rating (three big buttons + a comment).
 */
import { type CaseRating, caseRatingLabels, caseRatings } from '@grassroots/shared/cases/cases.lifecycle';
import { RATING_COMMENT_MAX } from '@grassroots/shared/cases/cases.schema';
import { Button, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { PhotoUpload } from '../../../components/case/PhotoUpload';
import { useElderMode } from '../../../lib/elder-mode';
import { useI18n } from '../../../lib/i18n';
import { bigButton } from './CategoryPicker';

interface Common {
  busy?: boolean;
  onCancel?: () => void;
}

const Buttons = ({ submit, busy, onCancel, disabled }: Common & { submit: string; disabled?: boolean }) => {
  const { t } = useI18n();
  return (
    <Flex gap={8}>
      {onCancel ? (
        <Button size="large" style={{ flex: 1 }} onClick={onCancel}>
          {t('取消', 'Cancel')}
        </Button>
      ) : null}
      <Button type="primary" size="large" htmlType="submit" style={{ flex: 2 }} loading={busy} disabled={disabled}>
        {submit}
      </Button>
    </Flex>
  );
};

export function ReasonForm({
  label,
  submit,
  required = true,
  busy,
  onCancel,
  onSubmit,
}: Common & { label: string; submit: string; required?: boolean; onSubmit: (reason: string | undefined) => void }) {
  const { t } = useI18n();
  return (
    <Form layout="vertical" onFinish={(v: { reason?: string }) => onSubmit(v.reason?.trim() || undefined)}>
      <Form.Item
        name="reason"
        label={label}
        rules={required ? [{ required: true, whitespace: true, message: t(`请填写${label}`, 'Required') }] : []}
      >
        <Input.TextArea rows={3} maxLength={500} showCount />
      </Form.Item>
      <Buttons submit={submit} busy={busy} onCancel={onCancel} />
    </Form>
  );
}

export function ResolveForm({
  busy,
  onCancel,
  onSubmit,
}: Common & { onSubmit: (v: { note: string; attachmentIds?: string[] }) => void }) {
  const { t } = useI18n();
  const [uploading, setUploading] = useState(false);
  return (
    <Form
      layout="vertical"
      onFinish={(v: { note: string; attachmentIds?: string[] }) =>
        onSubmit({ note: v.note.trim(), attachmentIds: v.attachmentIds?.length ? v.attachmentIds : undefined })
      }
    >
      <Form.Item
        name="note"
        label={t('处置结果', 'What was done')}
        rules={[{ required: true, whitespace: true, message: t('请填写处置结果', 'Describe what was done') }]}
      >
        <Input.TextArea rows={4} maxLength={2000} showCount />
      </Form.Item>
      <Form.Item name="attachmentIds" label={t('处置照片（可选）', 'Photos (optional)')}>
        <PhotoUpload onUploadingChange={setUploading} />
      </Form.Item>
      <Buttons submit={t('提交处置结果', 'Submit result')} busy={busy} onCancel={onCancel} disabled={uploading} />
    </Form>
  );
}

export function RateForm({
  busy,
  onSubmit,
}: Common & { onSubmit: (v: { rating: CaseRating; note?: string }) => void }) {
  const { t, tl } = useI18n();
  // Three in a row fit 375 px at the normal size; 长辈模式's larger text would break the words, so stack them.
  const { elder } = useElderMode();
  const [rating, setRating] = useState<CaseRating | null>(null);
  const [missing, setMissing] = useState(false);
  const colours: Record<CaseRating, string> = { satisfied: '#237804', basic: '#0958d9', unsatisfied: '#a8071a' };
  return (
    <Form
      layout="vertical"
      onFinish={(v: { note?: string }) => {
        if (!rating) return setMissing(true);
        onSubmit({ rating, note: v.note?.trim() || undefined });
      }}
    >
      <fieldset style={{ border: 0, padding: 0, margin: '0 0 16px' }}>
        <legend style={{ fontWeight: 600, marginBottom: 8, fontSize: '1em' }}>
          {t('您对办理结果满意吗？', 'Are you satisfied with the result?')}
        </legend>
        <Flex gap={8} vertical={elder}>
          {caseRatings.map((r) => (
            <Button
              key={r}
              size="large"
              aria-pressed={rating === r}
              type={rating === r ? 'primary' : 'default'}
              style={{
                ...bigButton,
                flex: 1,
                minHeight: 60,
                whiteSpace: 'nowrap',
                ...(rating === r ? { background: colours[r], borderColor: colours[r] } : {}),
              }}
              onClick={() => {
                setRating(r);
                setMissing(false);
              }}
            >
              {tl(caseRatingLabels[r])}
            </Button>
          ))}
        </Flex>
        {missing ? (
          <Typography.Text type="danger" role="alert">
            {t('请选择满意程度', 'Choose how satisfied you are')}
          </Typography.Text>
        ) : null}
      </fieldset>
      <Form.Item name="note" label={t('评价意见（可选）', 'Comment (optional)')}>
        <Input.TextArea rows={3} maxLength={RATING_COMMENT_MAX} showCount />
      </Form.Item>
      <Buttons submit={t('提交评价', 'Submit rating')} busy={busy} />
    </Form>
  );
}
