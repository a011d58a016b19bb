/** The use log of one integration key (every request made with it). */

import { Drawer, Table, Tag } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { type ApiKeyView, useApiKeyUses } from '../api';

export function UsesDrawer({ apiKey, onClose }: { apiKey: ApiKeyView | null; onClose: () => void }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const uses = useApiKeyUses(apiKey?.id ?? null, page);
  return (
    <Drawer
      open={!!apiKey}
      onClose={onClose}
      size={640}
      title={t(`调用记录 · ${apiKey?.name ?? ''}`, `Uses · ${apiKey?.name ?? ''}`)}
    >
      {uses.isError ? <ErrorAlert error={uses.error} onRetry={() => uses.refetch()} /> : null}
      <Table
        rowKey="id"
        size="small"
        loading={uses.isFetching}
        dataSource={uses.data?.items ?? []}
        locale={{ emptyText: t('尚无调用', 'Not used yet') }}
        pagination={{
          current: page,
          pageSize: 20,
          total: uses.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          { title: t('时间', 'Time'), dataIndex: 'at', render: (d: string) => formatDateTime(d, true) },
          { title: t('方法', 'Method'), dataIndex: 'method' },
          { title: t('路径', 'Path'), dataIndex: 'path' },
          {
            title: t('状态', 'Status'),
            dataIndex: 'status',
            render: (s: number) => <Tag color={s < 400 ? 'green' : 'red'}>{s}</Tag>,
          },
          { title: 'IP', dataIndex: 'ip', render: (ip: string | null) => ip ?? '—' },
        ]}
      />
    </Drawer>
  );
}
