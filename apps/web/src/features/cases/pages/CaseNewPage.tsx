/**
 * /console/cases/new — 登记诉求: staff take a case in (来访, 来信, 本级自查, 上级交办, 12345 转办; a grid worker
 * also 代居民上报 for a household). One Idempotency-Key per opened form, reused when the user retries, so a
 * double click or a lost answer never files the case twice.
 */
import { caseSourceLabels, MAX_CASE_ATTACHMENTS } from '@grassroots/shared/cases/cases.schema';
import { App, Button, Card, Flex, Form, Input, InputNumber, Radio, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { PhotoUpload } from '../../../components/case/PhotoUpload';
import { useCaseCategories } from '../../../components/case/use-case-categories';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { useMe } from '../../../lib/auth';
import { newIdempotencyKey, useCreateCase } from '../../../lib/cases-api';
import { useI18n } from '../../../lib/i18n';
import { caseDetailPath } from '../components/case-columns';
import { categoryOptions } from '../components/category-options';
import { CategoryQuestions } from '../new/CategoryQuestions';
import { defaultIntakeSource, type IntakeValues, intakeSources, type PlaceMode, toCreateBody } from '../new/intake';
import { PlaceSelect } from '../new/PlaceSelects';

export function CaseNewPage() {
  const { t, tl, locale } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const roles = me?.roles ?? [];
  const [form] = Form.useForm<IntakeValues>();
  const [key] = useState(newIdempotencyKey);
  const create = useCreateCase();
  // Photos still on their way are not in the form yet: hold the submit button until they arrive.
  const [uploading, setUploading] = useState(false);
  const categories = useCaseCategories();
  const treeData = useMemo(() => categoryOptions(categories.tree, locale, true), [categories.tree, locale]);

  const source = Form.useWatch('source', form);
  const placeMode = Form.useWatch('placeMode', form) ?? 'none';
  const categoryId = Form.useWatch('categoryId', form);
  const questions = (categoryId && categories.byId.get(categoryId)?.node.questions) || [];

  const submit = async (values: IntakeValues) => {
    if (uploading) return;
    const body = toCreateBody(values, questions);
    const created = await create.mutateAsync({ body, key }).catch(() => null);
    if (!created) return; // shown by the ErrorAlert; the same key is reused on the next try
    message.success(t(`已登记，编号 ${created.number}`, `Registered as ${created.number}`));
    navigate(caseDetailPath(created.id));
  };

  const placeModes: { value: PlaceMode; label: string }[] = [
    { value: 'none', label: t('不指定', 'None') },
    { value: 'household', label: t('住户', 'Household') },
    { value: 'building', label: t('楼栋', 'Building') },
    { value: 'point', label: t('坐标', 'Coordinates') },
  ];

  return (
    <>
      <PageHeader
        title={t('登记诉求', 'Register a case')}
        subtitle={t('来访、来信、自查、交办、热线转办与代居民上报', 'Visits, letters, inspections, transfers')}
        back="/console/cases"
      />
      <Card style={{ maxWidth: 860 }}>
        <Form<IntakeValues>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ source: defaultIntakeSource(roles), placeMode: 'none', attachmentIds: [] }}
          scrollToFirstError
        >
          <Form.Item name="source" label={t('来源', 'Source')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              options={intakeSources(roles).map((s) => ({ value: s, label: tl(caseSourceLabels[s]) }))}
            />
          </Form.Item>
          {source === 'hotline' ? (
            <Form.Item
              name="externalNo"
              label={t('12345工单编号', '12345 ticket number')}
              extra={t('同一工单号重复转办时返回已有诉求', 'The same ticket number returns the existing case')}
              rules={[{ required: true, whitespace: true, message: t('请填写工单编号', 'Enter the ticket number') }]}
            >
              <Input maxLength={64} style={{ maxWidth: 320 }} />
            </Form.Item>
          ) : null}
          {source === 'on_behalf' ? (
            <>
              <Form.Item
                name="householdId"
                label={t('代报住户', 'Household')}
                rules={[{ required: true, message: t('请选择住户', 'Choose a household') }]}
              >
                <PlaceSelect kind="households" />
              </Form.Item>
              <Form.Item
                name="onBehalfReason"
                label={t('代报原因', 'Why on behalf')}
                rules={[{ required: true, whitespace: true, message: t('请填写代报原因', 'Enter the reason') }]}
              >
                <Input
                  maxLength={200}
                  placeholder={t('如：老人不会使用手机', 'e.g. an elderly resident without a smartphone')}
                />
              </Form.Item>
            </>
          ) : null}
          <Form.Item
            name="categoryId"
            label={t('诉求分类', 'Category')}
            rules={[{ required: true, message: t('请选择分类', 'Choose a category') }]}
            extra={t('请选择最末级分类', 'Choose a leaf category')}
          >
            <TreeSelect
              treeData={treeData}
              showSearch
              treeNodeFilterProp="title"
              treeNodeLabelProp="label"
              loading={categories.isLoading}
              placeholder={t('选择分类', 'Choose a category')}
              style={{ maxWidth: 420 }}
            />
          </Form.Item>
          <CategoryQuestions questions={questions} />
          <Form.Item
            name="description"
            label={t('诉求描述', 'Description')}
            rules={[{ required: true, whitespace: true, message: t('请填写诉求描述', 'Describe the case') }]}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
          {source === 'on_behalf' ? null : (
            <Form.Item name="placeMode" label={t('定位方式', 'Locate by')}>
              <Radio.Group optionType="button" options={placeModes} />
            </Form.Item>
          )}
          {source === 'on_behalf' ? null : placeMode === 'household' ? (
            <Form.Item name="householdId" label={t('住户', 'Household')}>
              <PlaceSelect kind="households" />
            </Form.Item>
          ) : placeMode === 'building' ? (
            <Form.Item name="buildingId" label={t('楼栋', 'Building')}>
              <PlaceSelect kind="buildings" />
            </Form.Item>
          ) : placeMode === 'point' ? (
            <Flex gap={16} wrap>
              <Form.Item name="lng" label={t('经度', 'Longitude')} rules={[{ required: true }]}>
                <InputNumber min={-180} max={180} step={0.000001} style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name="lat" label={t('纬度', 'Latitude')} rules={[{ required: true }]}>
                <InputNumber min={-90} max={90} step={0.000001} style={{ width: 200 }} />
              </Form.Item>
              <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
                {t('WGS-84 坐标，自动落入所在网格', 'WGS-84; placed in the grid it falls in')}
              </Typography.Text>
            </Flex>
          ) : null}
          <Form.Item name="address" label={t('详细地址', 'Address')}>
            <Input maxLength={200} placeholder={t('如：3号楼2单元楼道', 'e.g. stairwell of building 3, unit 2')} />
          </Form.Item>
          <Form.Item
            name="attachmentIds"
            label={t('照片', 'Photos')}
            extra={t(`最多 ${MAX_CASE_ATTACHMENTS} 张`, `Up to ${MAX_CASE_ATTACHMENTS}`)}
          >
            <PhotoUpload max={MAX_CASE_ATTACHMENTS} onUploadingChange={setUploading} />
          </Form.Item>
          {create.error ? (
            <ErrorAlert error={create.error} title={t('登记失败', 'Could not register')} style={{ marginBottom: 16 }} />
          ) : null}
          <Flex gap={8}>
            <Button type="primary" htmlType="submit" loading={create.isPending} disabled={uploading}>
              {uploading ? t('照片上传中…', 'Uploading photos…') : t('提交登记', 'Register')}
            </Button>
            <Button onClick={() => navigate('/console/cases')}>{t('取消', 'Cancel')}</Button>
          </Flex>
        </Form>
      </Card>
    </>
  );
}
