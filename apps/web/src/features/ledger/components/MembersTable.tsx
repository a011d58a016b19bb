/**
 * The members of a household (or any page of persons): masked ID number and phone, age with its age group,
 * tags with the sensitive count, custom fields, moves; row buttons come from the person's allowedActions.
 */
import type { LedgerFieldView, PersonView } from '@grassroots/shared/ledger/ledger.schema';
import { Button, Flex, Table, type TableColumnsType, type TableProps, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../../lib/i18n';
import { ageGroupLabel, genderLabel, relationLabel } from '../ledger-labels';
import { customValueText, fieldLabel } from './CustomFieldInput';
import { TagList } from './TagList';

export type PersonAct = 'edit' | 'moveOut' | 'moveIn' | 'unmask';

export interface MembersTableProps extends Omit<TableProps<PersonView>, 'columns' | 'dataSource'> {
  items: PersonView[];
  fields: LedgerFieldView[];
  onAct?: (act: PersonAct, p: PersonView) => void;
  /** Which row buttons this page offers (still only those the person's allowedActions permit). */
  acts?: PersonAct[];
  /** Persons list: show the household (a link) and grid columns. */
  showHousehold?: boolean;
}

const allActs: PersonAct[] = ['edit', 'moveOut', 'moveIn', 'unmask'];
const actPermission: Record<PersonAct, PersonView['allowedActions'][number]> = {
  edit: 'update',
  moveOut: 'moveOut',
  moveIn: 'moveIn',
  unmask: 'unmask',
};

export function MembersTable({ items, fields, onAct, acts = allActs, showHousehold, ...table }: MembersTableProps) {
  const { t, locale } = useI18n();
  const columns: TableColumnsType<PersonView> = [
    {
      title: t('姓名', 'Name'),
      dataIndex: 'name',
      fixed: 'left',
      width: 120,
      render: (_v, p) => (
        <Flex vertical gap={2}>
          <Typography.Text strong>{p.name}</Typography.Text>
          {p.anonymised ? (
            <Tag>{t('已注销', 'Erased')}</Tag>
          ) : p.movedOutOn ? (
            <Tag>{t('已迁出', 'Moved out')}</Tag>
          ) : null}
        </Flex>
      ),
    },
    ...(showHousehold
      ? [
          {
            title: t('住户 / 网格', 'Household / grid'),
            dataIndex: 'householdAddress',
            width: 200,
            render: (_v: unknown, p: PersonView) => (
              <Flex vertical gap={0}>
                <Link to={`/console/ledger/households/${p.householdId}`}>{p.householdAddress}</Link>
                <Typography.Text type="secondary">{p.gridName}</Typography.Text>
              </Flex>
            ),
          },
        ]
      : []),
    { title: t('身份证号', 'ID number'), dataIndex: 'idNumber', width: 165, render: (v: string | null) => v ?? '—' },
    { title: t('电话', 'Phone'), dataIndex: 'phone', width: 115, render: (v: string | null) => v ?? '—' },
    {
      title: t('年龄', 'Age'),
      key: 'age',
      width: 125,
      render: (_v, p) =>
        p.age == null ? (
          '—'
        ) : (
          <Flex vertical gap={0}>
            <span>{t(`${p.age} 岁`, `${p.age}`)}</span>
            <Typography.Text type="secondary">{ageGroupLabel(p.ageGroup, locale)}</Typography.Text>
          </Flex>
        ),
    },
    {
      title: t('性别 / 关系', 'Gender / relation'),
      key: 'gender',
      width: 90,
      render: (_v, p) => (
        <Flex vertical gap={0}>
          <span>{genderLabel(p.gender, locale)}</span>
          <span>{relationLabel(p.relation, locale)}</span>
        </Flex>
      ),
    },
    {
      title: t('标签', 'Tags'),
      key: 'tags',
      width: 170,
      render: (_v, p) => (
        <TagList tags={p.tags} sensitiveTagCount={p.sensitiveTagCount} sensitiveTags={p.sensitiveTags} />
      ),
    },
    ...fields.map((f) => ({
      title: fieldLabel(f, locale),
      key: `custom.${f.code}`,
      width: 100,
      render: (_v: unknown, p: PersonView) => customValueText(f, p.custom[f.code], t),
    })),
    {
      title: t('迁入 / 迁出', 'Moved in / out'),
      key: 'moves',
      width: 140,
      render: (_v, p) => (
        <Flex vertical gap={0}>
          <span>{t(`迁入 ${p.movedInOn ?? '—'}`, `In ${p.movedInOn ?? '—'}`)}</span>
          {p.movedOutOn ? (
            <Typography.Text type="secondary">
              {t(`迁出 ${p.movedOutOn}`, `Out ${p.movedOutOn}`)}
              {p.moveNote ? `（${p.moveNote}）` : ''}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
  ];
  if (onAct)
    columns.push({
      title: t('操作', 'Actions'),
      key: 'actions',
      fixed: 'right',
      width: 170,
      render: (_v, p) => <PersonActions p={p} acts={acts} onAct={onAct} />,
    });
  return (
    <Table<PersonView>
      rowKey="id"
      size="middle"
      dataSource={items}
      columns={columns}
      scroll={{ x: 'max-content' }}
      pagination={false}
      {...table}
    />
  );
}

interface ActionsProps {
  p: PersonView;
  acts: PersonAct[];
  onAct: (a: PersonAct, p: PersonView) => void;
}

function PersonActions({ p, acts, onAct }: ActionsProps) {
  const { t } = useI18n();
  const btn = (act: PersonAct, label: string, danger = false) =>
    acts.includes(act) && p.allowedActions.includes(actPermission[act]) ? (
      <Button type="link" size="small" danger={danger} onClick={() => onAct(act, p)} aria-label={`${label} ${p.name}`}>
        {label}
      </Button>
    ) : null;
  return (
    <Flex wrap gap={0}>
      {btn('edit', t('编辑', 'Edit'))}
      {btn('moveOut', t('迁出', 'Move out'), true)}
      {btn('moveIn', t('迁回', 'Move back'))}
      {btn('unmask', t('查看明文', 'Unmask'))}
    </Flex>
  );
}
