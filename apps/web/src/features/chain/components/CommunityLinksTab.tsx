/** 领导包联社区: the leaders linked to communities under the chosen area; link and unlink. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Table } from 'antd';
import { useState } from 'react';
import { AreaTreeSelect } from '../../../components/AreaTreeSelect';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { FormModal } from '../../../components/FormModal';
import { api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { type CommunityLink, lookupAccounts, useChainMutation, useCommunityLinks } from '../api';
import { RemoteSelect } from './RemoteSelect';

export function CommunityLinksTab({ areaId, canWrite }: { areaId: string; canWrite: boolean }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ accountId: string; areaId: string }>();
  const { data, isFetching, error, refetch } = useCommunityLinks(areaId, page);
  const add = useChainMutation((v: { accountId: string; areaId: string }) => api.post('/api/chain/community-links', v));
  const remove = useChainMutation((id: string) => api.delete(`/api/chain/community-links/${id}`));
  return (
    <>
      {canWrite ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} style={{ marginBottom: 12 }}>
          {t('新增包联', 'Link a leader')}
        </Button>
      ) : null}
      {error ? <ErrorAlert error={error} onRetry={() => refetch()} /> : null}
      <Table<CommunityLink>
        rowKey="id"
        size="small"
        loading={isFetching}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('暂无领导包联社区', 'No leader is linked to a community here') }}
        pagination={{ current: page, pageSize: 10, total: data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('领导', 'Leader'), dataIndex: 'name' },
          { title: t('包联社区', 'Community'), dataIndex: 'areaName' },
          { title: t('值班电话', 'Duty phone'), dataIndex: 'dutyPhone', render: (v: string | null) => v ?? '—' },
          ...(canWrite
            ? [
                {
                  title: t('操作', 'Actions'),
                  key: 'actions',
                  render: (_: unknown, r: CommunityLink) => (
                    <ConfirmButton
                      type="link"
                      size="small"
                      confirm={t(`取消 ${r.name} 对 ${r.areaName} 的包联？`, `Unlink ${r.name} from ${r.areaName}?`)}
                      onConfirm={() => remove.mutateAsync(r.id)}
                    >
                      {t('取消包联', 'Unlink')}
                    </ConfirmButton>
                  ),
                },
              ]
            : []),
        ]}
      />
      <FormModal
        open={open}
        title={t('新增领导包联社区', 'Link a leader to a community')}
        form={form}
        onSave={add.mutateAsync}
        saving={add.isPending}
        done={t('已包联', 'Linked')}
        onClose={() => setOpen(false)}
        error={add.error}
      >
        <Form.Item name="accountId" label={t('街道领导', 'Leader')} rules={[{ required: true }]}>
          <RemoteSelect
            queryKey={['accounts', 'lookup']}
            search={lookupAccounts}
            toOption={(a) => ({ value: a.id, label: `${a.displayName}（${a.username}）` })}
            placeholder={t('输入姓名搜索', 'Search by name')}
          />
        </Form.Item>
        <Form.Item name="areaId" label={t('社区', 'Community')} rules={[{ required: true }]}>
          <AreaTreeSelect kinds={['community']} />
        </Form.Item>
      </FormModal>
    </>
  );
}
