/**
 * /console/ledger/fields — 自定义字段: the person fields a deployment adds (e.g. 疫苗接种情况). Code and type are
 * fixed once created (stored values depend on them); a field is deactivated, never deleted.
 */
import { PlusOutlined } from '@ant-design/icons';
import type { LedgerFieldView } from '@grassroots/shared/ledger/ledger.schema';
import { App, Button, Card, Empty, Flex, Table, Tag } from 'antd';
import { useState } from 'react';
import { useConfirm } from '../../../components/ConfirmButton';
import { ErrorAlert, errorMessage } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { useCan } from '../../../lib/auth';
import { useI18n } from '../../../lib/i18n';
import { useLedgerFields, useUpdateField } from '../api';
import { FieldFormModal, fieldTypeLabels } from '../components/FieldFormModal';

export function LedgerFieldsPage() {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const { can } = useCan();
  const confirm = useConfirm();
  const list = useLedgerFields(true);
  const update = useUpdateField();
  const [editing, setEditing] = useState<LedgerFieldView | null | undefined>(undefined);
  const manage = can('ledgerFields.manage');

  const toggle = async (f: LedgerFieldView) => {
    if (
      f.active &&
      !(await confirm({
        title: t(`停用字段“${f.label}”？`, `Deactivate “${f.label}”?`),
        content: t(
          '停用后录入和筛选中不再出现，已填写的值保留，可随时重新启用。',
          'It leaves forms and filters; stored values are kept and it can be re-enabled.',
        ),
        okText: t('停用', 'Deactivate'),
      }))
    )
      return;
    try {
      await update.mutateAsync({ id: f.id, body: { version: f.version, active: !f.active } });
      message.success(f.active ? t('已停用', 'Deactivated') : t('已启用', 'Enabled'));
    } catch (e) {
      message.error(errorMessage(e, t('操作失败', 'Failed')));
    }
  };

  return (
    <>
      <PageHeader
        title={t('自定义字段', 'Custom fields')}
        subtitle={t(
          '人员台账中由本地定义的字段，如疫苗接种情况',
          'Person fields defined locally, e.g. vaccination status',
        )}
        extra={
          manage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              {t('新建字段', 'New field')}
            </Button>
          ) : null
        }
      />
      <Card>
        {list.error ? (
          <ErrorAlert error={list.error} onRetry={() => list.refetch()} style={{ marginBottom: 16 }} />
        ) : null}
        <Table<LedgerFieldView>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('尚未定义字段', 'No fields yet')} /> }}
          columns={[
            { title: t('名称', 'Label'), dataIndex: 'label' },
            { title: t('英文名称', 'English label'), dataIndex: 'labelEn', render: (v) => v ?? '—' },
            { title: t('编码', 'Code'), dataIndex: 'code', render: (v) => <code>{v}</code> },
            {
              title: t('类型', 'Type'),
              dataIndex: 'datatype',
              render: (v: LedgerFieldView['datatype']) => tl(fieldTypeLabels[v]),
            },
            {
              title: t('选项', 'Options'),
              dataIndex: 'options',
              render: (o: string[]) => (o.length ? o.join('、') : '—'),
            },
            {
              title: t('必填', 'Required'),
              dataIndex: 'required',
              render: (v) => (v ? t('是', 'Yes') : t('否', 'No')),
            },
            { title: t('排序', 'Order'), dataIndex: 'sortOrder', align: 'right' },
            {
              title: t('状态', 'Status'),
              dataIndex: 'active',
              render: (v) =>
                v ? <Tag color="green">{t('启用', 'Active')}</Tag> : <Tag>{t('已停用', 'Inactive')}</Tag>,
            },
            ...(manage
              ? [
                  {
                    title: t('操作', 'Actions'),
                    key: 'actions',
                    render: (_v: unknown, f: LedgerFieldView) => (
                      <Flex gap={0}>
                        <Button type="link" size="small" onClick={() => setEditing(f)}>
                          {t('编辑', 'Edit')}
                        </Button>
                        <Button type="link" size="small" danger={f.active} onClick={() => toggle(f)}>
                          {f.active ? t('停用', 'Deactivate') : t('启用', 'Enable')}
                        </Button>
                      </Flex>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <FieldFormModal open={editing !== undefined} field={editing ?? null} onClose={() => setEditing(undefined)} />
    </>
  );
}
