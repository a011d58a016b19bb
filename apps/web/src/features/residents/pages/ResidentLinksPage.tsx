/** /console/resident-links — residents asking to be linked to a household; confirm against the ledger or reject. */

import type { ResidentLink, ResidentLinkStatus } from '@grassroots/shared/residents/residents.schema';
import { residentLinkStatuses, residentLinkStatusLabels } from '@grassroots/shared/residents/residents.schema';
import { App, Button, Form, Input, Modal, Segmented, Space, Table } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { useDecide, useStaffLinks } from '../api';
import { LinkStatusTag } from './LinkStatusTag';

export function ResidentLinksPage() {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const [status, setStatus] = useState<ResidentLinkStatus>('pending');
  const [page, setPage] = useState(1);
  const [rejecting, setRejecting] = useState<ResidentLink | null>(null);
  const [form] = Form.useForm<{ note?: string }>();
  const list = useStaffLinks(status, page);
  const decide = useDecide();
  const confirm = (r: ResidentLink) =>
    decide.mutateAsync({ id: r.id, action: 'confirm' }).then(() => message.success(t('已确认', 'Confirmed')));
  return (
    <>
      <PageHeader
        title={t('居民关联审核', 'Resident household links')}
        subtitle={t('核对台账后确认居民与住户的关联', 'Check against the ledger, then confirm or reject')}
      />
      <Segmented<ResidentLinkStatus>
        value={status}
        onChange={(s) => {
          setStatus(s);
          setPage(1);
        }}
        options={residentLinkStatuses.map((s) => ({ value: s, label: tl(residentLinkStatusLabels[s]) }))}
        style={{ marginBottom: 12 }}
      />
      {list.error ? <ErrorAlert error={list.error} onRetry={() => list.refetch()} /> : null}
      <Table<ResidentLink>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        locale={{
          emptyText: status === 'pending' ? t('没有待审核的申请', 'Nothing waiting') : t('暂无记录', 'No records'),
        }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('居民', 'Resident'), dataIndex: 'accountName' },
          { title: t('手机号', 'Phone'), dataIndex: 'phoneMasked', render: (v: string | null) => v ?? '—' },
          { title: t('申请住户', 'Household'), dataIndex: 'address' },
          { title: t('台账户主', 'Head (ledger)'), dataIndex: 'headName', render: (v: string | null) => v ?? '—' },
          { title: t('网格', 'Grid'), dataIndex: 'gridName', render: (v: string | null) => v ?? '—' },
          { title: t('居民备注', 'Note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
          {
            title: t('申请时间', 'Asked'),
            dataIndex: 'createdAt',
            render: (v: string) => formatDateTime(v),
          },
          status === 'pending'
            ? {
                title: t('操作', 'Actions'),
                key: 'actions',
                fixed: 'right' as const,
                render: (_: unknown, r: ResidentLink) => (
                  <Space>
                    <ConfirmButton
                      danger={false}
                      type="primary"
                      size="small"
                      confirm={t(
                        `确认 ${r.accountName} 关联到 ${r.address}？`,
                        `Link ${r.accountName} to ${r.address}?`,
                      )}
                      onConfirm={() => confirm(r)}
                    >
                      {t('确认', 'Confirm')}
                    </ConfirmButton>
                    <Button size="small" danger onClick={() => setRejecting(r)}>
                      {t('驳回', 'Reject')}
                    </Button>
                  </Space>
                ),
              }
            : {
                title: t('结果', 'Result'),
                key: 'result',
                render: (_: unknown, r: ResidentLink) => (
                  <Space direction="vertical" size={0}>
                    <LinkStatusTag status={r.status} />
                    <span>
                      {r.decidedByName ?? ''} {r.decidedAt ? dayjs(r.decidedAt).format('MM-DD HH:mm') : ''}
                    </span>
                    {r.decisionNote ? <span>{r.decisionNote}</span> : null}
                  </Space>
                ),
              },
        ]}
      />
      <Modal
        open={!!rejecting}
        title={t('驳回申请', 'Reject the request')}
        okText={t('驳回', 'Reject')}
        okButtonProps={{ danger: true }}
        cancelText={t('取消', 'Cancel')}
        confirmLoading={decide.isPending}
        onCancel={() => setRejecting(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <p>
          {rejecting?.accountName} · {rejecting?.address}
        </p>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            rejecting &&
            decide.mutate(
              { id: rejecting.id, action: 'reject', note: v.note },
              {
                onSuccess: () => {
                  message.success(t('已驳回', 'Rejected'));
                  setRejecting(null);
                  form.resetFields();
                },
              },
            )
          }
        >
          <Form.Item name="note" label={t('驳回原因（居民可见）', 'Reason (shown to the resident)')}>
            <Input.TextArea maxLength={200} rows={3} />
          </Form.Item>
        </Form>
        {decide.error ? <ErrorAlert error={decide.error} /> : null}
      </Modal>
    </>
  );
}
