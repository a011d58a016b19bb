/**
 * /console/ledger/persons — 人员台账: every person of the caller's grids, sorted by age group the way the paper
 * ledgers are kept, filtered by tag (sensitive ones too, through their keyed hash), age group, gender, custom
 * fields and a search (name, or an exact full ID number / phone); exported as Excel or CSV with the same filters.
 */
import type { PersonView } from '@grassroots/shared/ledger/ledger.schema';
import { Button, Card, Empty } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { useI18n } from '../../../lib/i18n';
import { usePaging } from '../../../lib/use-paging';
import { useLedgerFields, usePersons } from '../api';
import { ExportButtons } from '../components/ExportButtons';
import { MembersTable, type PersonAct } from '../components/MembersTable';
import { PersonFilterBar } from '../components/PersonFilterBar';
import { UnmaskDialog } from '../components/UnmaskDialog';
import { activeFilterCount, emptyPersonFilters, listQuery, type PersonFilters } from '../persons-filters';

export function LedgerPersonsPage() {
  const { t } = useI18n();
  const paging = usePaging();
  const [filters, setFilters] = useState<PersonFilters>(emptyPersonFilters);
  const fields = useLedgerFields();
  const list = usePersons(listQuery(filters, paging.page, paging.pageSize));
  const [unmasking, setUnmasking] = useState<PersonView | null>(null);
  const set = (patch: Partial<PersonFilters>) => paging.resetting(setFilters)({ ...filters, ...patch });
  const reset = () => paging.resetting(setFilters)(emptyPersonFilters);
  // Only unmasking happens here; editing and moves are done in the household view.
  const onAct = (act: PersonAct, p: PersonView) => act === 'unmask' && setUnmasking(p);
  const filtered = activeFilterCount(filters) > 0;

  return (
    <>
      <PageHeader
        title={t('人员台账', 'Persons')}
        subtitle={t('按年龄段排序；身份证号、电话已脱敏', 'Sorted by age group; ID numbers and phones masked')}
        extra={
          <Link to="/console/ledger">
            <Button>{t('住户台账', 'Households')}</Button>
          </Link>
        }
      />
      <Card>
        <PersonFilterBar filters={filters} onChange={set} onReset={reset} fields={fields.data?.items ?? []} />
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', alignItems: 'center', marginBottom: 16 }}>
          <ExportButtons filters={filters} />
        </div>
        {list.error ? (
          <ErrorAlert error={list.error} onRetry={() => list.refetch()} style={{ marginBottom: 16 }} />
        ) : null}
        <MembersTable
          items={list.data?.items ?? []}
          fields={fields.data?.items ?? []}
          loading={list.isFetching}
          showHousehold
          acts={['unmask']}
          onAct={onAct}
          locale={{
            emptyText: (
              <Empty
                description={filtered ? t('没有符合条件的人员', 'No one matches') : t('暂无人员', 'No persons yet')}
              >
                {filtered ? <Button onClick={reset}>{t('清空筛选', 'Clear filters')}</Button> : null}
              </Empty>
            ),
          }}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n) => t(`共 ${n} 人`, `${n} persons`),
            onChange: paging.onPage,
          }}
        />
      </Card>
      <UnmaskDialog
        open={!!unmasking}
        url={unmasking ? `/api/persons/${unmasking.id}/unmask` : ''}
        subject={unmasking?.name ?? ''}
        fields={['idNumber', 'phone', 'sensitiveTags']}
        onClose={() => setUnmasking(null)}
      />
    </>
  );
}
