/** Create or edit (draft only) a campaign: name, dates, area and target, and its questions. */
import type { CampaignTarget, CreateCampaignBody } from '@grassroots/shared/campaigns/campaigns.schema';
import { Col, DatePicker, Divider, Form, Input, Row } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { FormModal } from '../../../components/FormModal';
import { useI18n } from '../../../lib/i18n';
import { type CampaignView, useCreateCampaign, useUpdateCampaign } from '../api';
import { type FieldRow, fieldsToRows, rowsToFields } from '../form-rows';
import { FieldsEditor } from './FieldsEditor';
import { TargetFields } from './TargetFields';

interface Values {
  name: string;
  description?: string;
  areaId: string;
  target?: CampaignTarget;
  startsOn: Dayjs;
  endsOn: Dayjs;
  fields: FieldRow[];
}

const day = (d: Dayjs) => d.format('YYYY-MM-DD');

export function bodyOf(v: Values): CreateCampaignBody {
  const target = v.target ?? {};
  return {
    name: v.name.trim(),
    description: v.description?.trim() || null,
    areaId: v.areaId,
    target: {
      ...(target.tags?.length ? { tags: target.tags } : {}),
      ...(target.noSmartphone ? { noSmartphone: true } : {}),
      ...(target.ageGroup ? { ageGroup: target.ageGroup } : {}),
    },
    form: rowsToFields(v.fields),
    startsOn: day(v.startsOn),
    endsOn: day(v.endsOn),
  };
}

export interface CampaignFormModalProps {
  open: boolean;
  /** null: a new campaign; a draft: edit it. */
  campaign: CampaignView | null;
  onClose: () => void;
  onCreated?: (c: CampaignView) => void;
}

export function CampaignFormModal({ open, campaign, onClose, onCreated }: CampaignFormModalProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const create = useCreateCampaign();
  const update = useUpdateCampaign(campaign?.id ?? '');
  const mutation = campaign ? update : create;
  const values = useMemo<Partial<Values>>(
    () =>
      campaign
        ? {
            name: campaign.name,
            description: campaign.description ?? undefined,
            areaId: campaign.areaId,
            target: campaign.target,
            startsOn: dayjs(campaign.startsOn),
            endsOn: dayjs(campaign.endsOn),
            fields: fieldsToRows(campaign.form),
          }
        : {
            startsOn: dayjs(),
            endsOn: dayjs().add(14, 'day'),
            fields: [{ code: 'f1', label: '', datatype: 'string', required: false }],
          },
    [campaign],
  );
  const save = async (v: Values) => {
    const body = bodyOf(v);
    if (campaign) return update.mutateAsync({ ...body, version: campaign.version });
    const created = await create.mutateAsync(body);
    onCreated?.(created);
  };
  return (
    <FormModal
      open={open}
      title={campaign ? t('编辑摸排任务', 'Edit campaign') : t('新建摸排任务', 'New campaign')}
      form={form}
      values={values}
      onSave={save}
      saving={mutation.isPending}
      error={mutation.error ?? null}
      done={campaign ? t('已保存', 'Saved') : t('已创建（草稿）', 'Created as a draft')}
      onClose={onClose}
      width={880}
    >
      <Form.Item
        name="name"
        label={t('任务名称', 'Name')}
        rules={[{ required: true, whitespace: true, message: t('请填写名称', 'Enter a name') }]}
      >
        <Input
          maxLength={100}
          placeholder={t('如：独居老人冬季安全走访', 'e.g. Winter visits to elderly living alone')}
        />
      </Form.Item>
      <Form.Item name="description" label={t('说明（可选）', 'Description (optional)')}>
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="startsOn" label={t('开始日期', 'Starts on')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="endsOn"
            label={t('结束日期', 'Ends on')}
            dependencies={['startsOn']}
            rules={[
              { required: true },
              ({ getFieldValue }) => ({
                validator: async (_, v?: Dayjs) => {
                  const from = getFieldValue('startsOn') as Dayjs | undefined;
                  if (v && from && v.isBefore(from, 'day'))
                    throw new Error(t('结束日期不能早于开始日期', 'Ends before it starts'));
                },
              }),
            ]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start">{t('摸排对象', 'Whom to visit')}</Divider>
      <TargetFields open={open} />
      <Divider titlePlacement="start">{t('走访问卷', 'Visit questions')}</Divider>
      <FieldsEditor />
    </FormModal>
  );
}
