/** Step one of 我要反映: every leaf category as a big button, grouped under its parent's name. */
import { Button, Empty, Flex, Skeleton, Typography } from 'antd';
import { useMemo } from 'react';
import { useCaseCategories } from '../../../components/case/use-case-categories';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../lib/i18n';
import { leafGroups } from '../cases-h5.rules';

export const bigButton = { height: 'auto', minHeight: 52, whiteSpace: 'normal', paddingBlock: 8 } as const;

export function CategoryPicker({ value, onPick }: { value?: string | null; onPick: (id: string) => void }) {
  const { t, locale } = useI18n();
  const cats = useCaseCategories();
  const groups = useMemo(() => leafGroups(cats.tree, locale), [cats.tree, locale]);
  if (cats.error) return <ErrorAlert error={cats.error} onRetry={() => cats.refetch()} />;
  if (cats.isPending) return <Skeleton active />;
  if (!groups.length) return <Empty description={t('暂无可选的诉求分类', 'No categories to choose from')} />;
  return (
    <Flex vertical gap={16}>
      {groups.map((g) => {
        const headingId = `cat-group-${g.key || 'top'}`;
        return (
          <section key={g.key || 'top'} aria-labelledby={headingId}>
            <Typography.Title level={2} id={headingId} style={{ fontSize: '1.05em', margin: '0 0 8px' }}>
              {g.title ?? t('其他类别', 'Other categories')}
            </Typography.Title>
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', gap: 8 }}>
              {g.leaves.map((l) => (
                <Button
                  key={l.id}
                  size="large"
                  block
                  type={value === l.id ? 'primary' : 'default'}
                  aria-pressed={value === l.id}
                  style={bigButton}
                  onClick={() => onPick(l.id)}
                >
                  {l.name}
                </Button>
              ))}
            </div>
          </section>
        );
      })}
    </Flex>
  );
}
