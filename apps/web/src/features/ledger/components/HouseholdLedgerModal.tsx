/**
 * The ledger's part of a household: head, phone (typed anew to change; never the masked one resent),
 * 无智能手机, open tags, and the hidden sensitive tags replaced only on request. Address and place belong to
 * the places screens.
 */
import { sensitiveHouseholdTags } from '@grassroots/shared/ledger/ledger.rules';
import type { LedgerHouseholdDetail, UpdateLedgerHouseholdBody } from '@grassroots/shared/ledger/ledger.schema';
import { householdTags } from '@grassroots/shared/places/places.rules';
import { Checkbox, Form, Input, Select, Switch } from 'antd';
import { useEffect, useMemo } from 'react';
import { FormModal } from '../../../components/FormModal';
import { useI18n } from '../../../lib/i18n';
import { useUpdateLedgerHousehold } from '../api';
import { tagLabel } from '../ledger-labels';
import { isPhoneNumber } from '../person-form';

interface Values {
  headName?: string;
  phone?: string;
  noSmartphone: boolean;
  tags: string[];
  replaceSensitive?: boolean;
  sensitiveTags?: string[];
}

export function HouseholdLedgerModal({
  household,
  open,
  onClose,
}: {
  household: LedgerHouseholdDetail;
  open: boolean;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const update = useUpdateLedgerHousehold();
  const { reset } = update;
  useEffect(() => {
    if (open) reset();
  }, [open, reset]);
  const replace = Form.useWatch('replaceSensitive', form);
  const values = useMemo(
    () => ({ headName: household.headName ?? '', noSmartphone: household.noSmartphone, tags: household.tags }),
    [household],
  );

  const save = (v: Values) => {
    const body: UpdateLedgerHouseholdBody = {
      version: household.version,
      headName: v.headName?.trim() || null,
      noSmartphone: v.noSmartphone,
      tags: v.tags as UpdateLedgerHouseholdBody['tags'],
    };
    if (v.phone?.trim()) body.phone = v.phone.replace(/[\s-]/g, '');
    if (v.replaceSensitive) body.sensitiveTags = (v.sensitiveTags ?? []) as UpdateLedgerHouseholdBody['sensitiveTags'];
    return update.mutateAsync({ id: household.id, body });
  };

  return (
    <FormModal<Values>
      open={open}
      title={t('编辑住户台账', 'Edit household')}
      form={form}
      values={values}
      onSave={save}
      saving={update.isPending}
      error={update.error}
      done={t('已保存', 'Saved')}
      onClose={onClose}
    >
      <Form.Item name="headName" label={t('户主', 'Head of household')} rules={[{ max: 50 }]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="phone"
        label={t('联系电话', 'Phone')}
        extra={
          household.phone
            ? t(`当前 ${household.phone}；留空则不修改`, `Now ${household.phone}; leave blank to keep it`)
            : null
        }
        rules={[
          {
            validator: (_r, v: string | undefined) =>
              !v?.trim() || isPhoneNumber(v)
                ? Promise.resolve()
                : Promise.reject(new Error(t('电话号码格式不正确', 'Not a valid phone number'))),
          },
        ]}
      >
        <Input autoComplete="off" inputMode="tel" />
      </Form.Item>
      <Form.Item name="noSmartphone" label={t('无智能手机', 'No smartphone')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="tags" label={t('标签', 'Tags')}>
        <Select mode="multiple" options={householdTags.map((x) => ({ value: x, label: tagLabel(x, locale) }))} />
      </Form.Item>
      <Form.Item name="replaceSensitive" valuePropName="checked" style={{ marginBottom: 8 }}>
        <Checkbox>
          {t(
            `修改敏感标签（现有 ${household.sensitiveTagCount} 项，不显示）`,
            `Replace the sensitive tags (${household.sensitiveTagCount} now, hidden)`,
          )}
        </Checkbox>
      </Form.Item>
      {replace ? (
        <Form.Item name="sensitiveTags" label={t('敏感标签', 'Sensitive tags')}>
          <Select
            mode="multiple"
            options={sensitiveHouseholdTags.map((x) => ({ value: x, label: tagLabel(x, locale) }))}
          />
        </Form.Item>
      ) : null}
    </FormModal>
  );
}
