/** A growing list of case cards with "加载更多" (infinite paging), its empty state and errors. */
import { Button, Empty, Flex, Skeleton, Typography } from 'antd';
import type { ReactNode } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../lib/i18n';
import { type H5CaseSummary, useCaseFeed } from '../api';
import { CaseCard } from './CaseCard';

export interface CaseFeedProps {
  view: 'mine' | 'tasks';
  empty: ReactNode;
  /** Reorders the loaded cards (tasks: overdue first). */
  arrange?: (items: H5CaseSummary[]) => H5CaseSummary[];
  query?: Record<string, string>;
}

export function CaseFeed({ view, empty, arrange, query }: CaseFeedProps) {
  const { t } = useI18n();
  const feed = useCaseFeed(view, query);
  if (feed.isPending) return <Skeleton active />;
  if (feed.error && !feed.data) return <ErrorAlert error={feed.error} onRetry={() => feed.refetch()} />;
  const loaded = feed.data?.pages.flatMap((p) => p.items) ?? [];
  const total = feed.data?.pages[0]?.total ?? 0;
  if (!loaded.length) return <Empty description={empty} />;
  const items = arrange ? arrange(loaded) : loaded;
  return (
    <Flex vertical gap={10}>
      <Typography.Text type="secondary">{t(`共 ${total} 件`, `${total} in all`)}</Typography.Text>
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 10 }}>
        {items.map((c) => (
          <li key={c.id}>
            <CaseCard c={c} task={view === 'tasks'} />
          </li>
        ))}
      </ul>
      {feed.error ? <ErrorAlert error={feed.error} /> : null}
      {feed.hasNextPage ? (
        <Button size="large" block loading={feed.isFetchingNextPage} onClick={() => feed.fetchNextPage()}>
          {t('加载更多', 'Load more')}
        </Button>
      ) : (
        <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
          {t('没有更多了', 'That is all')}
        </Typography.Text>
      )}
    </Flex>
  );
}
