/**
 * The list of a console page: the query's error (with retry) above a table of its current page, with the
 * page-size changer and a "共 N 条" total. Other Table props (columns, scroll, size…) pass through.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import { Flex, Table, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import type { Paging } from '../lib/use-paging';
import { ErrorAlert } from './ErrorAlert';

export interface PagedTableProps<T> extends Omit<TableProps<T>, 'dataSource' | 'pagination'> {
  query: Pick<UseQueryResult<{ items: T[]; total: number }>, 'data' | 'error' | 'isFetching' | 'refetch'>;
  paging: Paging;
  empty: ReactNode;
  /** e.g. (n) => t(`共 ${n} 个小区`, `${n} compounds`); omitted, no total is shown. */
  total?: (n: number) => ReactNode;
  /** Space under the error alert, to match the page's own spacing. */
  gap?: number;
}

export function PagedTable<T extends object>({ query, paging, empty, total, gap = 16, ...table }: PagedTableProps<T>) {
  return (
    <>
      {query.error ? (
        <ErrorAlert error={query.error} onRetry={() => query.refetch()} style={{ marginBottom: gap }} />
      ) : null}
      <Table<T>
        rowKey="id"
        loading={query.isFetching}
        dataSource={query.data?.items ?? []}
        locale={{ emptyText: empty }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: query.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: total,
          onChange: paging.onPage,
        }}
        {...table}
      />
    </>
  );
}

/** The row of filters above a list. */
export function FilterBar({ children, gap = 12, margin = 16 }: { children: ReactNode; gap?: number; margin?: number }) {
  return (
    <Flex gap={gap} wrap style={{ marginBottom: margin }}>
      {children}
    </Flex>
  );
}
