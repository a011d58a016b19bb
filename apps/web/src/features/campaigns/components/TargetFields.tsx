/**
 * Whom a campaign covers: the area (street, community or grid), then any of the household tags (sensitive
 * ones are matched by keyed hash on the server and never listed), no smartphone, a member's age group — and
 * how many households that is today.
 */

import type { CampaignTarget } from '@grassroots/shared/campaigns/campaigns.schema';
import {
  ageGroupLabels,
  ageGroups,
  allHouseholdTags,
  isSensitiveTag,
  tagLabelsEn,
} from '@grassroots/shared/ledger/ledger.rules';
import { Checkbox, Form, Select, Typography } from 'antd';
import { AreaTreeSelect } from '../../../components/AreaTreeSelect';
import { useI18n } from '../../../lib/i18n';
import { useTargetPreview } from '../api';

export function TargetFields({ open }: { open: boolean }) {
  const { t, tl, locale } = useI18n();
  const form = Form.useFormInstance();
  const areaId = Form.useWatch('areaId', form) as string | undefined;
  const target = (Form.useWatch('target', form) as CampaignTarget | undefined) ?? {};
  const clean: CampaignTarget = {
    tags: target.tags?.length ? target.tags : undefined,
    noSmartphone: target.noSmartphone || undefined,
    ageGroup: target.ageGroup || undefined,
  };
  const preview = useTargetPreview(areaId, clean, open);
  const tagLabel = (tag: string) => {
    const text = locale === 'en' ? (tagLabelsEn[tag] ?? tag) : tag;
    return isSensitiveTag(tag) ? `${text}${t('（敏感）', ' (sensitive)')}` : text;
  };
  return (
    <>
      <Form.Item
        name="areaId"
        label={t('摸排范围', 'Area')}
        rules={[{ required: true, message: t('请选择范围', 'Choose the area') }]}
      >
        <AreaTreeSelect
          kinds={['street', 'community', 'grid']}
          placeholder={t('街道、社区或网格', 'Street, community or grid')}
        />
      </Form.Item>
      <Form.Item
        name={['target', 'tags']}
        label={t('住户标签（符合任一即纳入；不选则为全部住户）', 'Household tags (any of them; none = all households)')}
      >
        <Checkbox.Group options={allHouseholdTags.map((tag) => ({ value: tag, label: tagLabel(tag) }))} />
      </Form.Item>
      <Form.Item name={['target', 'noSmartphone']} valuePropName="checked" style={{ marginBottom: 12 }}>
        <Checkbox>{t('仅无智能手机的住户', 'Only households without a smartphone')}</Checkbox>
      </Form.Item>
      <Form.Item name={['target', 'ageGroup']} label={t('有该年龄段成员的住户', 'Households with a member aged')}>
        <Select
          allowClear
          placeholder={t('不限', 'Any')}
          style={{ maxWidth: 260 }}
          options={ageGroups.map((g) => ({ value: g, label: tl(ageGroupLabels[g]) }))}
        />
      </Form.Item>
      <Typography.Paragraph type="secondary" data-testid="target-preview">
        {!areaId
          ? t('选择范围后显示预计户数', 'Choose an area to see how many households')
          : preview.data
            ? t(
                `按当前条件，预计覆盖 ${preview.data.households} 户`,
                `About ${preview.data.households} households today`,
              )
            : t('正在计算户数…', 'Counting households…')}
      </Typography.Paragraph>
    </>
  );
}
