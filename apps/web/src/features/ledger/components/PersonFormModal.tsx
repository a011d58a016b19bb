/**
 * Add or edit a member of a household. The ID number is checked here with the shared GB 11643 rules as it is
 * typed, and a valid one fills (and locks) birth date and gender; the server checks again and its refusals
 * (bad number, duplicate person, stale version) show in the dialog. Editing never shows or resends the masked
 * values: ID number and phone change only when a new one is typed, hidden sensitive tags only on request.
 */
import { genders, openPersonTags, relations, sensitivePersonTags } from '@grassroots/shared/ledger/ledger.rules';
import type { LedgerFieldView, PersonView } from '@grassroots/shared/ledger/ledger.schema';
import { Checkbox, Col, DatePicker, Form, Input, Radio, Row, Select } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo } from 'react';
import { FormModal } from '../../../components/FormModal';
import { useI18n } from '../../../lib/i18n';
import { useCreatePerson, useUpdatePerson } from '../api';
import { genderLabel, relationLabel, tagLabel } from '../ledger-labels';
import { checkIdNumber, idNumberProblemLabels, isPhoneNumber, type PersonFormValues, personBody } from '../person-form';
import { CustomFieldInput, fieldLabel } from './CustomFieldInput';

export interface PersonFormModalProps {
  open: boolean;
  householdId: string;
  /** null: a new person. */
  person: PersonView | null;
  fields: LedgerFieldView[];
  onClose: () => void;
}

const today = () => dayjs().format('YYYY-MM-DD');

export function PersonFormModal({ open, householdId, person, fields, onClose }: PersonFormModalProps) {
  const { t, tl, locale } = useI18n();
  const [form] = Form.useForm<PersonFormValues>();
  const create = useCreatePerson();
  const update = useUpdatePerson();
  const saving = person ? update : create;
  const idNumber = Form.useWatch('idNumber', form);
  const replaceSensitive = Form.useWatch('replaceSensitive', form);
  const id = checkIdNumber(idNumber, today());

  // A new dialog starts without the previous attempt's error.
  const { reset: resetCreate } = create;
  const { reset: resetUpdate } = update;
  useEffect(() => {
    if (open) {
      resetCreate();
      resetUpdate();
    }
  }, [open, resetCreate, resetUpdate]);

  const values = useMemo(
    () =>
      person
        ? {
            name: person.name,
            birthDate: person.birthDate ? dayjs(person.birthDate) : undefined,
            gender: person.gender,
            relation: person.relation,
            tags: person.tags,
            custom: Object.fromEntries(
              fields.map((f) => {
                const v = person.custom[f.code];
                return [f.code, f.datatype === 'date' && typeof v === 'string' ? dayjs(v) : v];
              }),
            ),
          }
        : { relation: 'other', movedInOn: dayjs(), tags: [], sensitiveTags: [] },
    [person, fields],
  );

  const onIdChange = (raw: string) => {
    const c = checkIdNumber(raw, today());
    if (c.kind === 'ok') form.setFieldsValue({ birthDate: dayjs(c.birthDate), gender: c.gender });
  };

  const save = (v: PersonFormValues) => {
    const body = personBody(v, fields, !person, !!person?.idNumber);
    return person
      ? update.mutateAsync({ id: person.id, body: { ...body, version: person.version } })
      : create.mutateAsync({ ...body, householdId } as Parameters<typeof create.mutateAsync>[0]);
  };

  // A valid number typed, or one on file and none typed: birth date and gender follow from it.
  const derived = id.kind === 'ok' || (!!person?.idNumber && id.kind === 'empty');
  return (
    <FormModal<PersonFormValues>
      open={open}
      title={person ? t(`编辑：${person.name}`, `Edit ${person.name}`) : t('添加家庭成员', 'Add a member')}
      form={form}
      values={values}
      onSave={save}
      saving={saving.isPending}
      error={saving.error}
      done={person ? t('已保存', 'Saved') : t('已添加', 'Added')}
      onClose={onClose}
      width={640}
    >
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="name" label={t('姓名', 'Name')} rules={[{ required: true, whitespace: true, max: 50 }]}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="relation" label={t('与户主关系', 'Relation to head')} rules={[{ required: true }]}>
            <Select options={relations.map((r) => ({ value: r, label: relationLabel(r, locale) }))} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="idNumber"
        label={t('身份证号', 'ID number')}
        extra={
          person?.idNumber
            ? t(`当前 ${person.idNumber}；留空则不修改`, `Now ${person.idNumber}; leave blank to keep it`)
            : t('填写后自动带出出生日期和性别', 'Fills in the birth date and gender')
        }
        rules={[
          {
            validator: (_r, v: string | undefined) => {
              const c = checkIdNumber(v, today());
              return c.kind === 'bad'
                ? Promise.reject(new Error(tl(idNumberProblemLabels[c.problem])))
                : Promise.resolve();
            },
          },
        ]}
      >
        <Input autoComplete="off" maxLength={22} onChange={(e) => onIdChange(e.target.value)} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="birthDate" label={t('出生日期', 'Birth date')}>
            <DatePicker style={{ width: '100%' }} disabled={derived} maxDate={dayjs()} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="gender" label={t('性别', 'Gender')}>
            <Radio.Group
              disabled={derived}
              options={genders.map((g) => ({ value: g, label: genderLabel(g, locale) }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="phone"
        label={t('电话', 'Phone')}
        extra={
          person?.phone ? t(`当前 ${person.phone}；留空则不修改`, `Now ${person.phone}; leave blank to keep it`) : null
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
      <Form.Item name="tags" label={t('标签', 'Tags')}>
        <Select mode="multiple" options={openPersonTags.map((x) => ({ value: x, label: tagLabel(x, locale) }))} />
      </Form.Item>
      {person ? (
        <Form.Item name="replaceSensitive" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox>
            {t(
              `修改敏感标签（现有 ${person.sensitiveTagCount} 项，不显示；保存后以下方选择为准）`,
              `Replace the sensitive tags (${person.sensitiveTagCount} now, hidden; the choice below replaces them)`,
            )}
          </Checkbox>
        </Form.Item>
      ) : null}
      {!person || replaceSensitive ? (
        <Form.Item
          name="sensitiveTags"
          label={t('敏感标签', 'Sensitive tags')}
          extra={t('加密保存，列表中只显示数量', 'Stored encrypted; lists show only how many')}
        >
          <Select
            mode="multiple"
            options={sensitivePersonTags.map((x) => ({ value: x, label: tagLabel(x, locale) }))}
          />
        </Form.Item>
      ) : null}
      {fields.map((f) => (
        <Form.Item
          key={f.code}
          name={['custom', f.code]}
          label={fieldLabel(f, locale)}
          rules={f.required ? [{ required: true, message: t('必填', 'Required') }] : undefined}
        >
          <CustomFieldInput field={f} />
        </Form.Item>
      ))}
      {person ? null : (
        <Form.Item name="movedInOn" label={t('迁入日期', 'Moved in on')}>
          <DatePicker style={{ width: '100%' }} maxDate={dayjs()} />
        </Form.Item>
      )}
    </FormModal>
  );
}
