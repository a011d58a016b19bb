/**
 * The visit form of one household: the outcome (已走访 / 不在家 / 拒访), the campaign's questions when visited,
 * a photo, save. Saving always goes through the phone's queue with a clientRef made once when the form opened,
 * so a visit saved offline — or sent twice over a flaky network — is stored exactly once. Answers are checked
 * here with the server's own rules first: a visit that would be refused is never queued.
 */
import { ArrowLeftOutlined, SaveOutlined } from '@ant-design/icons';
import {
  type CampaignField,
  type VisitOutcome,
  validateAnswers,
  visitOutcomeLabels,
  visitOutcomes,
} from '@grassroots/shared/campaigns/campaigns.rules';
import { Alert, App, Button, Card, Flex, Form, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { PhotoUpload } from '../../../components/case/PhotoUpload';
import { useI18n } from '../../../lib/i18n';
import type { CampaignHousehold, CampaignView } from '../api';
import { HouseholdStateTag } from '../components/CampaignStatusTag';
import { useOnline, useVisitQueue } from '../use-visit-queue';

/** A UUID; crypto.randomUUID needs a secure context (plain http on a LAN is not), so fall back to random bytes. */
export function newClientRef(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

interface Values {
  outcome: VisitOutcome;
  answers?: Record<string, unknown>;
  photos?: string[];
}

export interface VisitFormProps {
  campaign: CampaignView;
  household: CampaignHousehold;
  onDone: () => void;
}

export function VisitForm({ campaign, household, onDone }: VisitFormProps) {
  const { t, tl, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [clientRef] = useState(newClientRef);
  const [uploading, setUploading] = useState(false);
  const [saving, setSaving] = useState(false);
  const [rejected, setRejected] = useState<string | null>(null);
  const { queue } = useVisitQueue();
  const online = useOnline();
  const outcome = Form.useWatch('outcome', form) ?? 'visited';
  const photos = Form.useWatch('photos', form) ?? [];
  const label = (f: CampaignField) => (locale === 'en' && f.labelEn ? f.labelEn : f.label);

  const save = async (v: Values) => {
    const raw = outcome === 'visited' ? (v.answers ?? {}) : {};
    const { answers, issues } = validateAnswers(campaign.form, raw, v.outcome);
    if (issues.length) {
      form.setFields(issues.map((i) => ({ name: ['answers', i.code], errors: [i.message] })));
      return;
    }
    setSaving(true);
    setRejected(null);
    const body = {
      clientRef,
      householdId: household.householdId,
      outcome: v.outcome,
      answers,
      attachmentIds: v.photos?.length ? v.photos : undefined,
      visitedAt: new Date().toISOString(),
    };
    queue.enqueue({ campaignId: campaign.id, address: household.address, body });
    if (!navigator.onLine) {
      setSaving(false);
      message.info(t('已保存到手机，联网后自动上传', 'Saved on this phone; it is sent once online'));
      onDone();
      return;
    }
    await queue.flush();
    setSaving(false);
    const failed = queue.snapshot().failed.find((f) => f.clientRef === clientRef);
    if (failed) {
      // Refused by the server (e.g. the campaign just closed): say why and stay on the form.
      queue.dismissFailed(clientRef);
      setRejected(failed.message);
      return;
    }
    const waiting = queue.snapshot().items.some((i) => i.body.clientRef === clientRef);
    if (waiting)
      message.info(t('网络不稳定，已保存到手机，稍后自动上传', 'Network trouble: saved on this phone, sent later'));
    else message.success(t('走访已登记', 'Visit recorded'));
    onDone();
  };

  return (
    <Form form={form} layout="vertical" requiredMark initialValues={{ outcome: 'visited' }} onFinish={save}>
      <Flex vertical gap={12}>
        <Card>
          <Flex justify="space-between" align="start" gap={8}>
            <div style={{ minWidth: 0 }}>
              <Typography.Title level={2} style={{ fontSize: '1.2em', margin: 0 }}>
                {household.address}
              </Typography.Title>
              <Typography.Text type="secondary">
                {household.headName ?? t('户主未登记', 'Head not recorded')}
                {household.phone ? ` · ${household.phone}` : ''}
              </Typography.Text>
              <div style={{ marginTop: 4 }}>
                <HouseholdStateTag state={household.state} />
              </div>
            </div>
            <Button icon={<ArrowLeftOutlined />} onClick={onDone}>
              {t('返回列表', 'Back')}
            </Button>
          </Flex>
        </Card>
        <Card>
          <Form.Item name="outcome" label={t('走访结果', 'Outcome')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              size="large"
              style={{ display: 'flex', width: '100%' }}
              options={visitOutcomes.map((o) => ({
                value: o,
                label: tl(visitOutcomeLabels[o]),
                style: { flex: 1, textAlign: 'center' },
              }))}
            />
          </Form.Item>
          {outcome === 'visited' ? (
            campaign.form.map((f) => <AnswerField key={f.code} field={f} label={label(f)} />)
          ) : (
            <Typography.Paragraph type="secondary">
              {t('不在家或拒访时无需填写问卷，可以拍照留存。', 'No questions when nobody answers; a photo may help.')}
            </Typography.Paragraph>
          )}
          {online || photos.length ? (
            <Form.Item name="photos" label={t('照片（可选，最多3张）', 'Photos (optional, up to 3)')}>
              <PhotoUpload max={3} onUploadingChange={setUploading} disabled={!online} />
            </Form.Item>
          ) : (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={t(
                '当前离线，无法上传照片；可以先保存走访记录（不含照片）。',
                'Offline: photos cannot be uploaded; you can save the visit without them.',
              )}
            />
          )}
        </Card>
        {rejected ? <Alert type="error" showIcon role="alert" title={rejected} /> : null}
        <Button
          type="primary"
          size="large"
          block
          htmlType="submit"
          icon={<SaveOutlined />}
          loading={saving}
          disabled={uploading}
        >
          {uploading ? t('照片上传中…', 'Uploading photos…') : t('保存走访', 'Save visit')}
        </Button>
      </Flex>
    </Form>
  );
}

function AnswerField({ field: f, label }: { field: CampaignField; label: string }) {
  const { t } = useI18n();
  const name = ['answers', f.code];
  const rules = f.required ? [{ required: true, message: t(`请填写：${label}`, `Please answer: ${label}`) }] : [];
  switch (f.datatype) {
    case 'boolean':
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <Radio.Group
            optionType="button"
            size="large"
            options={[
              { value: true, label: t('是', 'Yes') },
              { value: false, label: t('否', 'No') },
            ]}
          />
        </Form.Item>
      );
    case 'select':
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 10 }} options={f.options ?? []} />
        </Form.Item>
      );
    case 'number':
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <Input inputMode="decimal" size="large" />
        </Form.Item>
      );
    case 'date':
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <Input type="date" size="large" />
        </Form.Item>
      );
    default:
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} />
        </Form.Item>
      );
  }
}
