/**
 * /console/cases — 统一清单: every case the caller may see (scoped by the server), filtered through the URL
 * query so a link (or an analytics drill-down) reproduces the list; sortable, paged, exportable as CSV.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty } from 'antd';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PagedTable } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { useI18n } from '../../../lib/i18n';
import { useAction } from '../../../lib/use-action';
import { type CaseRow, downloadCasesCsv, useCaseList } from '../api';
import { CaseFilterBar } from '../components/CaseFilterBar';
import { useCaseColumns } from '../components/case-columns';
import { NewCaseButton } from '../components/NewCaseButton';
import { activeFilterCount, sortFrom, sortOrderOf, toFilterQuery, toListQuery } from '../list/filters';
import { useCaseFilters } from '../list/use-case-filters';

export function CasesListPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { filters, set, reset, paging } = useCaseFilters();
  const list = useCaseList(toListQuery(filters));
  const cols = useCaseColumns();
  const exporting = useAction();

  const exportCsv = () =>
    exporting.run(async () => {
      const name = await downloadCasesCsv(toFilterQuery(filters), locale);
      message.success(t(`已导出 ${name}`, `Exported ${name}`));
    });

  const sortable = (key: 'number' | 'createdAt' | 'resolveBy') => ({
    ...cols[key],
    sorter: true,
    sortOrder: sortOrderOf(filters.sort, key),
    sortDirections: ['ascend', 'descend'] as ('ascend' | 'descend')[],
  });
  const filtered = activeFilterCount(filters) > 0;

  return (
    <>
      <PageHeader
        title={t('诉求案件', 'Cases')}
        subtitle={t('统一清单：按状态、来源、分类、区域、办理人和时限筛选', 'All cases you may see, filtered')}
        extra={
          <>
            <Button icon={<DownloadOutlined />} loading={exporting.busy} onClick={exportCsv}>
              {t('导出CSV', 'Export CSV')}
            </Button>
            <NewCaseButton />
          </>
        }
      />
      <Card>
        <CaseFilterBar filters={filters} onChange={set} onReset={reset} />
        {exporting.error ? (
          <ErrorAlert error={exporting.error} title={t('导出失败', 'Export failed')} style={{ marginBottom: 16 }} />
        ) : null}
        <PagedTable<CaseRow>
          query={list}
          paging={paging}
          size="middle"
          scroll={{ x: 1255 }}
          total={(n) => t(`共 ${n} 件`, `${n} cases`)}
          empty={
            <Empty
              description={
                filtered
                  ? t('没有符合筛选条件的诉求', 'No case matches these filters')
                  : t('暂无诉求案件', 'No cases yet')
              }
            >
              {filtered ? <Button onClick={reset}>{t('清空筛选', 'Clear filters')}</Button> : null}
            </Empty>
          }
          onChange={(_p, _f, sorter, extra) => {
            if (extra.action !== 'sort' || Array.isArray(sorter)) return;
            set({ sort: sortFrom(sorter.columnKey ?? sorter.field, sorter.order ?? null) });
          }}
          columns={[
            sortable('number'),
            cols.status,
            cols.category,
            cols.source,
            cols.area,
            cols.description,
            cols.handler,
            sortable('createdAt'),
            sortable('resolveBy'),
          ]}
        />
      </Card>
    </>
  );
}
