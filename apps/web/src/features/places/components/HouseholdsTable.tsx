/** A households table (used on the households page and on a building page); phones only masked. */
import { Button, Space, Table, Tag } from 'antd';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { type HouseholdView, usePlacesMutation } from '../api';

interface Props {
  items: HouseholdView[];
  loading: boolean;
  total: number;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
  onEdit: (h: HouseholdView) => void;
  showGrid?: boolean;
}

export function HouseholdsTable({ items, loading, total, page, pageSize, onPage, onEdit, showGrid = true }: Props) {
  const { t } = useI18n();
  const remove = usePlacesMutation((id: string) => api.delete(`/api/households/${id}`));
  return (
    <Table<HouseholdView>
      rowKey="id"
      loading={loading}
      dataSource={items}
      locale={{ emptyText: t('暂无住户', 'No households') }}
      scroll={{ x: 860 }}
      pagination={{
        current: page,
        pageSize,
        total,
        showSizeChanger: true,
        showTotal: (n) => t(`共 ${n} 户`, `${n} households`),
        onChange: onPage,
      }}
      columns={[
        { title: t('地址', 'Address'), dataIndex: 'address' },
        { title: t('户主', 'Head'), dataIndex: 'headName', render: (n: string | null) => n ?? '—' },
        { title: t('电话', 'Phone'), dataIndex: 'phoneMasked', render: (p: string | null) => p ?? '—' },
        ...(showGrid ? [{ title: t('网格', 'Grid'), dataIndex: 'gridName' }] : []),
        {
          title: t('标签', 'Tags'),
          key: 'tags',
          render: (_, h) => (
            <Space size={[4, 4]} wrap>
              {h.noSmartphone ? <Tag color="orange">{t('无智能手机', 'No smartphone')}</Tag> : null}
              {h.tags.map((tag) => (
                <Tag key={tag}>{tag}</Tag>
              ))}
            </Space>
          ),
        },
        {
          title: t('操作', 'Actions'),
          key: 'actions',
          render: (_, h) => (
            <Space size={4}>
              {h.allowedActions.includes('update') ? (
                <Button type="link" size="small" onClick={() => onEdit(h)}>
                  {t('编辑', 'Edit')}
                </Button>
              ) : null}
              {h.allowedActions.includes('delete') ? (
                <ConfirmButton
                  type="link"
                  size="small"
                  confirm={t('确定删除该住户？', 'Delete this household?')}
                  description={t('已有包联或居民关联的住户不能删除', 'A household with links cannot be deleted')}
                  onConfirm={() => remove.mutateAsync(h.id)}
                >
                  {t('删除', 'Delete')}
                </ConfirmButton>
              ) : null}
            </Space>
          ),
        },
      ]}
    />
  );
}
