/**
 * The preview rows: what each row says (masked), where it will live, its problems, what it duplicates, and the
 * choice for it — skip / update the existing / keep both for a duplicate, skip for any other row.
 */
import { relationLabels } from '@grassroots/shared/ledger/ledger.rules';
import { importDecisionLabels, importDecisions } from '@grassroots/shared/ledger-import/ledger-import.rules';
import { Checkbox, Flex, Radio, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useI18n } from '../../../lib/i18n';
import type { Paging } from '../../../lib/use-paging';
import type { ImportDecision, ImportRowView } from '../api';

interface Props {
  rows: ImportRowView[];
  total: number;
  loading: boolean;
  paging: Paging;
  busy: boolean;
  onDecide: (rowNo: number, decision: ImportDecision | null) => void;
}

export function PreviewTable({ rows, total, loading, paging, busy, onDecide }: Props) {
  const { t, tl } = useI18n();
  const columns: ColumnsType<ImportRowView> = [
    { title: t('行号', 'Row'), dataIndex: 'rowNo', width: 70 },
    {
      title: t('姓名', 'Name'),
      key: 'name',
      render: (_, r) => (
        <Flex vertical>
          <span>{r.data.name || <Typography.Text type="secondary">{t('（空）', '(empty)')}</Typography.Text>}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[
              r.data.relation && r.data.relation in relationLabels
                ? tl(relationLabels[r.data.relation as keyof typeof relationLabels])
                : null,
              r.data.birthDate,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('身份证号', 'ID number'), key: 'id', render: (_, r) => r.data.idNumber ?? '—' },
    { title: t('手机号', 'Mobile'), key: 'phone', render: (_, r) => r.data.phone ?? '—' },
    {
      title: t('所属住户', 'Household'),
      key: 'household',
      render: (_, r) =>
        r.data.household ? (
          <span>
            {r.data.household.address}
            {r.data.household.isNew ? (
              <Tag color="blue" style={{ marginInlineStart: 6 }}>
                {t('新建住户', 'New household')}
              </Tag>
            ) : null}
          </span>
        ) : (
          <Typography.Text type="secondary">{r.data.place || '—'}</Typography.Text>
        ),
    },
    {
      title: t('问题', 'Problems'),
      key: 'problems',
      render: (_, r) =>
        r.problems.length ? (
          <Flex vertical gap={4}>
            {r.problems.map((p) => (
              <Tag key={`${p.field}:${p.code}`} color="error" style={{ whiteSpace: 'normal' }}>
                {p.message}
              </Tag>
            ))}
          </Flex>
        ) : r.duplicate ? null : (
          <Tag color="success">{t('无问题', 'OK')}</Tag>
        ),
    },
    {
      title: t('重复', 'Duplicate'),
      key: 'duplicate',
      render: (_, r) =>
        r.duplicate ? (
          <Tag color="warning" style={{ whiteSpace: 'normal' }}>
            {r.duplicate.kind === 'existing'
              ? t(
                  `与台账中的“${r.duplicate.name}”身份证号相同`,
                  `Same ID number as “${r.duplicate.name}” in the ledger`,
                )
              : t(
                  `与第 ${r.duplicate.rowNo} 行（${r.duplicate.name}）重复`,
                  `Repeats row ${r.duplicate.rowNo} (${r.duplicate.name})`,
                )}
          </Tag>
        ) : null,
    },
    {
      title: t('处理', 'Action'),
      key: 'decision',
      width: 260,
      render: (_, r) =>
        r.duplicate ? (
          <Radio.Group
            size="small"
            value={r.decision}
            disabled={busy}
            aria-label={t(`第 ${r.rowNo} 行的处理方式`, `Action for row ${r.rowNo}`)}
            onChange={(e) => onDecide(r.rowNo, e.target.value as ImportDecision)}
            options={importDecisions.map((d) => ({ value: d, label: tl(importDecisionLabels[d]) }))}
          />
        ) : (
          <Checkbox
            checked={r.decision === 'skip'}
            disabled={busy}
            onChange={(e) => onDecide(r.rowNo, e.target.checked ? 'skip' : null)}
          >
            {t(`跳过第 ${r.rowNo} 行`, `Skip row ${r.rowNo}`)}
          </Checkbox>
        ),
    },
  ];
  return (
    <Table<ImportRowView>
      rowKey="rowNo"
      size="small"
      loading={loading}
      columns={columns}
      dataSource={rows}
      scroll={{ x: 1100 }}
      locale={{ emptyText: t('没有符合条件的行', 'No rows here') }}
      pagination={{
        current: paging.page,
        pageSize: paging.pageSize,
        total,
        showSizeChanger: true,
        showTotal: (n) => t(`共 ${n} 行`, `${n} rows`),
        onChange: paging.onPage,
      }}
    />
  );
}
