/** The fields of a category: names, code, property flag, default tier and organisation, limits, questions. */
import { type CaseTier, caseTiers } from '@grassroots/shared/cases/cases.lifecycle';
import {
  type CategoryView,
  isListDatatype,
  type LimitUnit,
  limitUnitLabels,
  limitUnits,
  tierLabels,
} from '@grassroots/shared/categories/categories.schema';
import { Col, Divider, Form, type FormInstance, Input, InputNumber, Radio, Row, Select, Space, Switch } from 'antd';
import { useI18n } from '../../../lib/i18n';
import { useHandlingOrgs } from '../api';
import { type QuestionRow, QuestionsEditor, textToValues, valuesToText } from './QuestionsEditor';

type LimitField = { amount?: number | null; unit: LimitUnit };
export interface CategoryFormValues {
  name: string;
  nameEn?: string;
  code?: string;
  isProperty: boolean;
  defaultTier: CaseTier;
  defaultOrgId?: string | null;
  accept: LimitField;
  respond: LimitField;
  resolve: LimitField;
  sortOrder?: number;
  questions: QuestionRow[];
}

const limitOf = (l?: { amount: number; unit: LimitUnit }): LimitField => ({
  amount: l?.amount,
  unit: l?.unit ?? 'days',
});

export function valuesOf(c: CategoryView): CategoryFormValues {
  return {
    name: c.name,
    nameEn: c.nameEn ?? undefined,
    code: c.code ?? undefined,
    isProperty: c.isProperty,
    defaultTier: c.defaultTier,
    defaultOrgId: c.defaultOrgId,
    accept: c.limits.accept ? limitOf(c.limits.accept) : { amount: null, unit: 'hours' },
    respond: limitOf(c.limits.respond),
    resolve: limitOf(c.limits.resolve),
    sortOrder: c.sortOrder,
    questions: c.questions.map((q) => ({ ...q, valuesText: valuesToText(q.values) })),
  };
}

/** Defaults for a new category: the parent's tier, property flag and limits. */
export function newValues(parent: CategoryView | null): CategoryFormValues {
  return {
    name: '',
    isProperty: parent?.isProperty ?? false,
    defaultTier: parent?.defaultTier ?? 'community',
    defaultOrgId: null,
    accept: { amount: 2, unit: 'hours' },
    respond: { amount: 1, unit: 'days' },
    resolve: { amount: 5, unit: 'days' },
    questions: [],
  };
}

const limitBody = (l: LimitField) => (l.amount ? { amount: l.amount, unit: l.unit } : null);

/** Form values → the request body shared by create and update. */
export function bodyOf(v: CategoryFormValues) {
  return {
    name: v.name.trim(),
    nameEn: v.nameEn?.trim() || null,
    code: v.code?.trim() || null,
    isProperty: v.isProperty,
    defaultTier: v.defaultTier,
    defaultOrgId: v.defaultOrgId || null,
    limits: { accept: limitBody(v.accept), respond: limitBody(v.respond), resolve: limitBody(v.resolve) },
    sortOrder: v.sortOrder ?? 0,
    questions: (v.questions ?? []).map((q, i) => ({
      code: q.code.trim(),
      description: q.description.trim(),
      datatype: q.datatype,
      required: !!q.required,
      order: i + 1,
      ...(isListDatatype(q.datatype) ? { values: textToValues(q.valuesText) } : {}),
    })),
  };
}

function LimitInput({ name, label, required }: { name: keyof CategoryFormValues; label: string; required: boolean }) {
  const { t, tl } = useI18n();
  return (
    <Form.Item label={label} required={required}>
      <Space.Compact>
        <Form.Item
          name={[name, 'amount']}
          noStyle
          rules={required ? [{ required: true, message: t('请填写时限', 'Enter the limit') }] : []}
        >
          <InputNumber
            aria-label={`${label} ${t('数量', 'amount')}`}
            min={1}
            max={999}
            precision={0}
            style={{ width: 80 }}
          />
        </Form.Item>
        <Form.Item name={[name, 'unit']} noStyle>
          <Select
            aria-label={`${label} ${t('单位', 'unit')}`}
            style={{ width: 150 }}
            options={limitUnits.map((u) => ({ value: u, label: tl(limitUnitLabels[u]) }))}
          />
        </Form.Item>
      </Space.Compact>
    </Form.Item>
  );
}

export function CategoryForm({ form, isLeaf }: { form: FormInstance<CategoryFormValues>; isLeaf: boolean }) {
  const { t, tl } = useI18n();
  const orgs = useHandlingOrgs();
  return (
    <Form form={form} layout="vertical" requiredMark="optional">
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item
            name="name"
            label={t('名称', 'Name')}
            rules={[{ required: true, whitespace: true, message: t('请输入名称', 'Enter a name') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="nameEn" label={t('英文名称', 'English name')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="code"
            label={t('编码（Open311 service_code）', 'Code (Open311 service_code)')}
            extra={t('稳定编码，对接外部系统后请勿修改', 'Stable; do not change once external systems use it')}
            rules={[
              {
                pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/,
                message: t('仅字母、数字、点、横线', 'Letters, digits, dot, dash'),
              },
            ]}
          >
            <Input maxLength={40} placeholder="wy.parking" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="sortOrder" label={t('排序', 'Sort order')}>
            <InputNumber min={0} max={9999} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="defaultTier" label={t('默认办理层级', 'Default handling tier')}>
            <Radio.Group
              optionType="button"
              options={caseTiers.map((tier) => ({ value: tier, label: tl(tierLabels[tier]) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="isProperty"
            label={t('物业类', 'Property category')}
            valuePropName="checked"
            extra={t('社区调处 → 街道调处 → 物业管理服务中心', 'Community → street → property centre')}
          >
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="defaultOrgId" label={t('默认办理单位', 'Default handling organisation')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              loading={orgs.isLoading}
              placeholder={t('不指定', 'None')}
              options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start">{t('办理时限（工作时间）', 'Time limits (working time)')}</Divider>
      <Row gutter={16}>
        <Col xs={24} md={12} xl={8}>
          <LimitInput name="accept" label={t('受理时限', 'Accept within')} required={false} />
        </Col>
        <Col xs={24} md={12} xl={8}>
          <LimitInput name="respond" label={t('响应时限', 'Respond within')} required={isLeaf} />
        </Col>
        <Col xs={24} md={12} xl={8}>
          <LimitInput name="resolve" label={t('办结时限', 'Resolve within')} required={isLeaf} />
        </Col>
      </Row>
      <Divider titlePlacement="start">{t('补充问题', 'Extra questions')}</Divider>
      <QuestionsEditor />
    </Form>
  );
}
