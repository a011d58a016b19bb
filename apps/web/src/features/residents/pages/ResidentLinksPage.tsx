/**
 * /console/resident-links — residents asking to be linked to a household; confirm against the ledger or reject.
 * Grid workers use it on their phones: below 576 px each request is one card-like cell, actions underneath.
 */

import type { ResidentLink, ResidentLinkStatus } from '@grassroots/shared/residents/residents.schema';
import { residentLinkStatuses, residentLinkStatusLabels } from '@grassroots/shared/residents/residents.schema';
import {
  App,
  Button,
  Flex,
  Form,
  Grid,
  Input,
  Modal,
  Segmented,
  Space,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
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
  // `false` only once measured, so wide screens never flash the phone layout.
  const phone = Grid.useBreakpoint().sm === false;
  const confirm = (r: ResidentLink) =>
    decide.mutateAsync({ id: r.id, action: 'confirm' }).then(() => message.success(t('已确认', 'Confirmed')));
  const actions = (r: ResidentLink) => (
    <Space>
      <ConfirmButton
        danger={false}
        type="primary"
        size={phone ? 'middle' : 'small'}
        confirm={t(`确认 ${r.accountName} 关联到 ${r.address}？`, `Link ${r.accountName} to ${r.address}?`)}
        onConfirm={() => confirm(r)}
      >
        {t('确认', 'Confirm')}
      </ConfirmButton>
      <Button size={phone ? 'middle' : 'small'} danger onClick={() => setRejecting(r)}>
        {t('驳回', 'Reject')}
      </Button>
    </Space>
  );
  const result = (r: ResidentLink) => (
    <Space orientation="vertical" size={0}>
      <LinkStatusTag status={r.status} />
      <span>
        {r.decidedByName ?? ''} {r.decidedAt ? dayjs(r.decidedAt).format('MM-DD HH:mm') : ''}
      </span>
      {r.decisionNote ? <span>{r.decisionNote}</span> : null}
    </Space>
  );
  const phoneColumns: TableColumnsType<ResidentLink> = [
    {
      title: t('申请', 'Request'),
      key: 'card',
      render: (_, r) => (
        <Flex vertical gap={4}>
          <Flex justify="space-between" gap={8} wrap>
            <strong className="gr-link-name">{r.accountName}</strong>
            <span>{r.phoneMasked ?? '—'}</span>
          </Flex>
          <span>{r.address}</span>
          <Typography.Text type="secondary">
            {t('台账户主', 'Head (ledger)')}：{r.headName ?? '—'} · {r.gridName ?? '—'}
          </Typography.Text>
          {r.note ? (
            <span>
              {t('居民备注', 'Note')}：{r.note}
            </span>
          ) : null}
          <Typography.Text type="secondary">{formatDateTime(r.createdAt)}</Typography.Text>
          <div style={{ marginTop: 4 }}>{status === 'pending' ? actions(r) : result(r)}</div>
        </Flex>
      ),
    },
  ];
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
        scroll={phone ? undefined : { x: 900 }}
        showHeader={!phone}
        locale={{
          emptyText: status === 'pending' ? t('没有待审核的申请', 'Nothing waiting') : t('暂无记录', 'No records'),
        }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={
          phone
            ? phoneColumns
            : [
                { title: t('居民', 'Resident'), dataIndex: 'accountName' },
                { title: t('手机号', 'Phone'), dataIndex: 'phoneMasked', render: (v: string | null) => v ?? '—' },
                { title: t('申请住户', 'Household'), dataIndex: 'address' },
                {
                  title: t('台账户主', 'Head (ledger)'),
                  dataIndex: 'headName',
                  render: (v: string | null) => v ?? '—',
                },
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
                      render: (_: unknown, r: ResidentLink) => actions(r),
                    }
                  : {
                      title: t('结果', 'Result'),
                      key: 'result',
                      render: (_: unknown, r: ResidentLink) => result(r),
                    },
              ]
        }
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
