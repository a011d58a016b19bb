/** Coverage of a campaign: the totals, a progress bar per grid, and the same per grid as a stacked chart. */
import { donePercent } from '@grassroots/shared/campaigns/campaigns.rules';
import { Card, Col, Empty, Flex, Row, Skeleton, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { Chart } from '../../../components/Chart';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../lib/i18n';
import { useCoverage } from '../api';
import { coverageChartHeight, coverageChartOption } from '../coverage-chart';
import { ProgressLine } from './ProgressLine';

export function CoverageCard({ campaignId }: { campaignId: string }) {
  const { t } = useI18n();
  const coverage = useCoverage(campaignId);
  const c = coverage.data;
  const option = useMemo(
    () =>
      coverageChartOption(c?.grids ?? [], {
        visited: t('已走访', 'Visited'),
        refused: t('拒访', 'Refused'),
        notHome: t('不在家', 'Not at home'),
        pending: t('未走访', 'Not visited'),
        households: t('户', 'households'),
      }),
    [c, t],
  );
  return (
    <Card title={t('覆盖情况', 'Coverage')} style={{ marginBottom: 16 }} data-testid="coverage">
      {coverage.error ? <ErrorAlert error={coverage.error} onRetry={() => coverage.refetch()} /> : null}
      {!c ? (
        <Skeleton active />
      ) : !c.total ? (
        <Empty description={t('没有对象住户', 'No households')} />
      ) : (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            {(
              [
                ['total', t('对象户数', 'Households'), c.total],
                ['visited', t('已走访', 'Visited'), c.visited],
                ['refused', t('拒访', 'Refused'), c.refused],
                ['notHome', t('不在家', 'Not at home'), c.notHome],
                ['pending', t('未走访', 'Not visited'), c.pending],
              ] as const
            ).map(([key, label, value]) => (
              <Col key={key} xs={12} sm={8} md={4}>
                <Statistic title={label} value={value} data-testid={`coverage-${key}`} />
              </Col>
            ))}
            <Col xs={12} sm={8} md={4}>
              <Statistic title={t('完成率', 'Done')} value={donePercent(c)} suffix="%" />
            </Col>
          </Row>
          <Row gutter={24}>
            <Col xs={24} lg={10}>
              <Typography.Title level={2} style={{ fontSize: '1em' }}>
                {t('各网格进度', 'By grid')}
              </Typography.Title>
              <Flex vertical gap={12}>
                {c.grids.map((g) => (
                  <div key={g.gridId} data-grid-id={g.gridId}>
                    <Typography.Text strong>{g.gridName}</Typography.Text>
                    <ProgressLine counts={g} label={g.gridName} />
                  </div>
                ))}
              </Flex>
            </Col>
            <Col xs={24} lg={14}>
              <Chart
                option={option}
                height={coverageChartHeight(c.grids.length)}
                ariaLabel={t(
                  `各网格走访情况：${c.grids.map((g) => `${g.gridName} 已走访 ${g.visited}/${g.total}`).join('；')}`,
                  `Visits by grid: ${c.grids.map((g) => `${g.gridName} ${g.visited}/${g.total} visited`).join('; ')}`,
                )}
              />
            </Col>
          </Row>
        </>
      )}
    </Card>
  );
}
