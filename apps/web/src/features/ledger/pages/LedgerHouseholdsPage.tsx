/**
 * /console/ledger — 住户台账: the households of the caller's grids with their head, masked phone, tags (the
 * sensitive ones only as a count), members and linked party member; filtered by grid, tags, 无智能手机 and a
 * search (address, head, or an exact full phone).
 */
import type { LedgerHouseholdView } from '@grassroots/shared/ledger/ledger.schema';
import { Button, Card, Empty, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { AreaTreeSelect } from '../../../components/AreaTreeSelect';
import { FilterBar, PagedTable } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { useI18n } from '../../../lib/i18n';
import { usePaging } from '../../../lib/use-paging';
import { useLedgerHouseholds } from '../api';
import { TagList } from '../components/TagList';
import { householdTagOptions } from '../ledger-labels';

export function LedgerHouseholdsPage() {
  const { t, locale } = useI18n();
  const paging = usePaging();
  const [gridId, setGridId] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const [noSmartphone, setNoSmartphone] = useState<string | undefined>();
  const list = useLedgerHouseholds({
    gridId,
    q: q || undefined,
    tag: tags.length ? tags : undefined,
    noSmartphone,
    page: paging.page,
    pageSize: paging.pageSize,
  });
  const filtered = !!(gridId || q || tags.length || noSmartphone);
  const clear = () => {
    setGridId(null);
    setQ('');
    setTags([]);
    setNoSmartphone(undefined);
    paging.onPage(1, paging.pageSize);
  };

  return (
    <>
      <PageHeader
        title={t('住户台账', 'Household ledger')}
        subtitle={t(
          '身份证号、电话已脱敏，敏感标签只显示数量',
          'ID numbers and phones are masked; sensitive tags show only as a count',
        )}
        extra={
          <Link to="/console/ledger/persons">
            <Button>{t('人员台账', 'Persons')}</Button>
          </Link>
        }
      />
      <Card>
        <FilterBar>
          <AreaTreeSelect
            kinds={['grid']}
            aria-label={t('按网格筛选', 'Filter by grid')}
            placeholder={t('全部网格', 'All grids')}
            value={gridId}
            onChange={paging.resetting(setGridId)}
            style={{ width: 220 }}
          />
          <Input.Search
            aria-label={t('搜索地址、户主或完整电话', 'Search address, head or full phone')}
            placeholder={t('地址、户主或完整电话号码', 'Address, head or full phone')}
            allowClear
            value={q}
            onChange={(e) => !e.target.value && paging.resetting(setQ)('')}
            onSearch={paging.resetting((v: string) => setQ(v.trim()))}
            style={{ width: 280 }}
          />
          <Select
            mode="multiple"
            aria-label={t('按标签筛选', 'Filter by tag')}
            placeholder={t('标签（同时具有）', 'Tags (all of)')}
            value={tags}
            onChange={paging.resetting(setTags)}
            options={householdTagOptions(locale)}
            allowClear
            maxTagCount="responsive"
            style={{ minWidth: 220 }}
          />
          <Select
            aria-label={t('智能手机', 'Smartphone')}
            allowClear
            placeholder={t('智能手机：全部', 'Smartphone: all')}
            value={noSmartphone}
            onChange={paging.resetting(setNoSmartphone)}
            style={{ width: 170 }}
            options={[
              { value: 'true', label: t('仅无智能手机户', 'No smartphone only') },
              { value: 'false', label: t('有智能手机', 'Has a smartphone') },
            ]}
          />
        </FilterBar>
        <PagedTable<LedgerHouseholdView>
          query={list}
          paging={paging}
          size="middle"
          scroll={{ x: 960 }}
          total={(n) => t(`共 ${n} 户`, `${n} households`)}
          empty={
            <Empty
              description={
                filtered ? t('没有符合条件的住户', 'No household matches') : t('暂无住户', 'No households yet')
              }
            >
              {filtered ? <Button onClick={clear}>{t('清空筛选', 'Clear filters')}</Button> : null}
            </Empty>
          }
          columns={[
            {
              title: t('地址', 'Address'),
              dataIndex: 'address',
              render: (v, h) => <Link to={`/console/ledger/households/${h.id}`}>{v}</Link>,
            },
            { title: t('网格', 'Grid'), dataIndex: 'gridName', width: 150 },
            { title: t('户主', 'Head'), dataIndex: 'headName', width: 100, render: (v) => v ?? '—' },
            { title: t('电话', 'Phone'), dataIndex: 'phone', width: 130, render: (v) => v ?? '—' },
            {
              title: t('标签', 'Tags'),
              key: 'tags',
              render: (_v, h) => (
                <TagList
                  tags={h.noSmartphone ? [...h.tags, t('无智能手机', 'No smartphone')] : h.tags}
                  sensitiveTagCount={h.sensitiveTagCount}
                />
              ),
            },
            { title: t('人数', 'Members'), dataIndex: 'memberCount', width: 70, align: 'right' },
            {
              title: t('包联党员', 'Party member'),
              key: 'partyMember',
              width: 110,
              render: (_v, h) =>
                h.partyMember?.name ?? <Typography.Text type="secondary">{t('未包联', 'None')}</Typography.Text>,
            },
          ]}
        />
      </Card>
    </>
  );
}
