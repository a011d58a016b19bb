/**
 * /h5/cases/new 我要反映 — a resident files a case: category (big buttons) → extra questions, description,
 * photos, place (my household or another place) → submit. A grid worker gets 代居民上报 (a household of
 * their grid + why the resident cannot do it) or 巡查上报 (a place on the map); /h5/cases/on-behalf opens that.
 * One Idempotency-Key per form, reused on retry, so a resend after a lost answer never makes two cases.
 */
import type { CreateCaseBody } from '@grassroots/shared/cases/cases.schema';
import { Button, Card, Flex, Form, type FormInstance, Input, Segmented, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { PhotoUpload } from '../../../components/case/PhotoUpload';
import { useCaseCategories } from '../../../components/case/use-case-categories';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { RequireLogin } from '../../../components/RequireLogin';
import { useCan } from '../../../lib/auth';
import { newIdempotencyKey, useCreateCase } from '../../../lib/cases-api';
import { useI18n } from '../../../lib/i18n';
import { useMyHouseholds } from '../../residents/api';
import type { H5CaseView } from '../api';
import { buildAnswers } from '../cases-h5.rules';
import { CaseSubmitted } from '../components/CaseSubmitted';
import { CategoryPicker } from '../components/CategoryPicker';
import { HouseholdPicker } from '../components/HouseholdPicker';
import { OTHER_PLACE, OtherPlaceFields, ResidentPlaceFields } from '../components/PlaceFields';
import { QuestionFields } from '../components/QuestionFields';

type Mode = 'resident' | 'onBehalf' | 'inspection';

export function NewCasePage({ onBehalf }: { onBehalf?: boolean }) {
  return (
    <RequireLogin loginPath="/h5/login">
      <NewCaseFlow onBehalf={onBehalf} />
    </RequireLogin>
  );
}

function NewCaseFlow({ onBehalf }: { onBehalf?: boolean }) {
  const { t } = useI18n();
  const { hasRole } = useCan();
  const worker = hasRole('grid_worker');
  // The form lives here so going back to change the category keeps what was typed.
  const [form] = Form.useForm();
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [created, setCreated] = useState<H5CaseView | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);

  if (created)
    return (
      <CaseSubmitted
        c={created}
        onAnother={() => {
          form.resetFields();
          setKey(newIdempotencyKey());
          setCategoryId(null);
          setCreated(null);
        }}
      />
    );
  if (!categoryId)
    return (
      <Card title={t('第一步：选择问题类别', 'Step 1: what is it about?')}>
        <CategoryPicker onPick={setCategoryId} />
      </Card>
    );
  return (
    <CaseForm
      form={form}
      categoryId={categoryId}
      idempotencyKey={key}
      initialMode={worker ? (onBehalf === false ? 'inspection' : 'onBehalf') : 'resident'}
      worker={worker}
      onChangeCategory={() => setCategoryId(null)}
      onCreated={setCreated}
    />
  );
}

interface CaseFormProps {
  form: FormInstance;
  categoryId: string;
  idempotencyKey: string;
  initialMode: Mode;
  worker: boolean;
  onChangeCategory: () => void;
  onCreated: (c: H5CaseView) => void;
}

const reasons: [string, string][] = [
  ['无智能手机', 'No smartphone'],
  ['老年人不会操作', 'Elderly, cannot use the app'],
  ['行动不便', 'Limited mobility'],
  ['入户走访发现', 'Found on a home visit'],
];

function CaseForm({
  form,
  categoryId,
  idempotencyKey,
  initialMode,
  worker,
  onChangeCategory,
  onCreated,
}: CaseFormProps) {
  const { t } = useI18n();
  const cats = useCaseCategories();
  const category = cats.byId.get(categoryId);
  const households = useMyHouseholds(!worker);
  const create = useCreateCase();
  const [mode, setMode] = useState<Mode>(initialMode);
  const [uploading, setUploading] = useState(false);

  // A resident's first confirmed household is the likely place; "other" when there is none.
  useEffect(() => {
    if (mode !== 'resident' || !households.data || form.getFieldValue('place')) return;
    form.setFieldValue('place', households.data.items[0]?.householdId ?? OTHER_PLACE);
  }, [mode, households.data, form]);

  const submit = (v: Record<string, unknown>) => {
    const common = {
      categoryId,
      description: String(v.description).trim(),
      answers: buildAnswers(category?.node.questions ?? [], v.answers as Record<string, unknown>),
      attachmentIds: (v.attachmentIds as string[] | undefined)?.length ? (v.attachmentIds as string[]) : undefined,
    };
    const other = {
      address: v.address ? String(v.address).trim() : undefined,
      location: (v.location as CreateCaseBody['location']) ?? undefined,
    };
    let body: CreateCaseBody;
    if (mode === 'onBehalf')
      body = {
        ...common,
        source: 'on_behalf',
        householdId: String(v.householdId),
        onBehalfReason: String(v.onBehalfReason).trim(),
      };
    else if (mode === 'inspection') body = { ...common, source: 'self_inspection', ...other };
    else body = v.place === OTHER_PLACE ? { ...common, ...other } : { ...common, householdId: String(v.place) };
    create.mutate({ body, key: idempotencyKey }, { onSuccess: onCreated });
  };

  if (cats.isPending) return <Skeleton active />;
  return (
    <Form form={form} layout="vertical" requiredMark onFinish={submit} scrollToFirstError>
      <Flex vertical gap={12}>
        <Card>
          <Flex justify="space-between" align="center" gap={8} wrap>
            <div>
              <Typography.Text type="secondary">{t('问题类别', 'Category')}</Typography.Text>
              <div style={{ fontSize: '1.15em', fontWeight: 600 }}>{cats.nameOf(categoryId)}</div>
            </div>
            <Button onClick={onChangeCategory}>{t('更换类别', 'Change')}</Button>
          </Flex>
        </Card>
        {worker ? (
          <Segmented
            block
            size="large"
            aria-label={t('上报方式', 'How')}
            value={mode}
            onChange={(m) => setMode(m as Mode)}
            options={[
              { value: 'onBehalf', label: t('代居民上报', 'For a resident') },
              { value: 'inspection', label: t('巡查上报', 'Inspection') },
            ]}
          />
        ) : null}
        <Card>
          {mode === 'onBehalf' ? <OnBehalfFields /> : null}
          {category?.node.questions.length ? <QuestionFields questions={category.node.questions} /> : null}
          <Form.Item
            name="description"
            label={t('问题描述', 'What is the problem?')}
            rules={[{ required: true, whitespace: true, message: t('请描述问题', 'Describe the problem') }]}
          >
            <Input.TextArea
              rows={5}
              maxLength={2000}
              showCount
              placeholder={t('请说明发生了什么、从什么时候开始', 'What happened, and since when')}
            />
          </Form.Item>
          <Form.Item name="attachmentIds" label={t('照片（最多9张，可选）', 'Photos (up to 9, optional)')}>
            <PhotoUpload max={9} onUploadingChange={setUploading} />
          </Form.Item>
          {mode === 'resident' ? (
            households.isPending ? (
              <Skeleton active paragraph={{ rows: 1 }} />
            ) : (
              <ResidentPlaceFields households={households.data?.items ?? []} />
            )
          ) : null}
          {mode === 'inspection' ? <OtherPlaceFields withMap /> : null}
        </Card>
        {households.error ? <ErrorAlert error={households.error} onRetry={() => households.refetch()} /> : null}
        {create.error ? <ErrorAlert error={create.error} /> : null}
        <Button type="primary" size="large" block htmlType="submit" loading={create.isPending} disabled={uploading}>
          {uploading ? t('照片上传中…', 'Uploading photos…') : t('提交', 'Submit')}
        </Button>
      </Flex>
    </Form>
  );
}

function OnBehalfFields() {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  return (
    <>
      <Form.Item
        name="householdId"
        label={t('代报住户', 'Household')}
        rules={[{ required: true, message: t('请选择代报的住户', 'Choose the household') }]}
      >
        <HouseholdPicker />
      </Form.Item>
      <Form.Item
        name="onBehalfReason"
        label={t('代报原因', 'Why on their behalf')}
        rules={[{ required: true, whitespace: true, message: t('请填写代报原因', 'Give the reason') }]}
        extra={
          <Flex gap={6} wrap style={{ marginTop: 6 }}>
            {reasons.map(([zh, en]) => (
              <Button key={zh} size="small" onClick={() => form.setFieldValue('onBehalfReason', t(zh, en))}>
                {t(zh, en)}
              </Button>
            ))}
          </Flex>
        }
      >
        <Input size="large" maxLength={200} />
      </Form.Item>
    </>
  );
}
