/** Create an integration key: organisation, name, scopes, expiry, rate limit. The key is shown once. */
import { apiKeyScopeLabels, apiKeyScopes } from '@grassroots/shared/apikeys/apikeys.schema';
import type { OrgPage } from '@grassroots/shared/organisations/organisations.schema';
import { useQuery } from '@tanstack/react-query';
import { Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { OneTimeSecret } from '../../accounts/components/OneTimeSecret';
import { type CreateApiKeyResponse, useApiKeyMutation } from '../api';

interface Values {
  orgId: string;
  name: string;
  scopes: string[];
  expiresAt?: Dayjs | null;
  rateLimit?: number;
}

export function CreateKeyModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, tl } = useI18n();
  const [form] = Form.useForm<Values>();
  const [key, setKey] = useState<string | null>(null);
  const orgs = useQuery({
    queryKey: ['organisations', 'options', 'all'],
    queryFn: () => api.get<OrgPage>('/api/organisations', { status: 'active', pageSize: 200 }),
    enabled: open,
  });
  const create = useApiKeyMutation((v: Values) =>
    api.post<CreateApiKeyResponse>('/api/api-keys', {
      orgId: v.orgId,
      name: v.name,
      scopes: v.scopes,
      // End of the chosen day, Asia/Shanghai wall clock as the browser shows it.
      expiresAt: v.expiresAt ? v.expiresAt.endOf('day').toISOString() : undefined,
      rateLimit: v.rateLimit ?? undefined,
    }),
  );
  const submit = async () => {
    const v = await form.validateFields();
    const res = await create.mutateAsync(v);
    setKey(res.key);
    form.resetFields();
    onClose();
  };
  return (
    <>
      <Modal
        open={open}
        title={t('新建接口密钥', 'New API key')}
        onCancel={onClose}
        onOk={() => submit().catch(() => undefined)}
        okText={t('创建', 'Create')}
        cancelText={t('取消', 'Cancel')}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        {create.isError ? <ErrorAlert error={create.error} style={{ marginBottom: 16 }} /> : null}
        <Form
          form={form}
          layout="vertical"
          requiredMark="optional"
          initialValues={{ scopes: ['cases:read'], rateLimit: 600 }}
        >
          <Form.Item
            name="orgId"
            label={t('所属单位', 'Organisation')}
            rules={[{ required: true, message: t('请选择单位', 'Choose an organisation') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={orgs.isFetching}
              options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
              placeholder={t('如 12345 热线', 'e.g. the 12345 hotline')}
            />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('名称', 'Name')}
            rules={[{ required: true, message: t('请输入名称', 'Enter a name') }]}
          >
            <Input maxLength={100} placeholder={t('如 12345 工单对接', 'e.g. 12345 work-order sync')} />
          </Form.Item>
          <Form.Item
            name="scopes"
            label={t('权限范围', 'Scopes')}
            rules={[{ required: true, message: t('至少选择一项', 'Choose at least one') }]}
          >
            <Checkbox.Group
              options={apiKeyScopes.map((s) => ({ value: s, label: `${tl(apiKeyScopeLabels[s])} (${s})` }))}
            />
          </Form.Item>
          <Form.Item
            name="expiresAt"
            label={t('有效期至', 'Expires')}
            extra={t('留空表示长期有效', 'Leave empty for no expiry')}
          >
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="rateLimit" label={t('限流（次/分钟）', 'Rate limit (per minute)')}>
            <InputNumber min={1} max={100000} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
      <OneTimeSecret
        open={!!key}
        title={t('接口密钥已创建', 'API key created')}
        label={t('请求头 Authorization: Bearer <密钥>', 'Send it as Authorization: Bearer <key>')}
        secret={key}
        onClose={() => setKey(null)}
      />
    </>
  );
}
