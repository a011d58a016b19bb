/** The headline figures of the period, each with its change against the previous period and a drill-down link. */
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import type { KpiGroup } from '@grassroots/shared/analytics/analytics.schema';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../lib/i18n';
import { changeOf, type DashboardQuery, drillUrl, figureByKey, formatFigure, headline } from './kpi-figures';

interface Props {
  query: DashboardQuery;
  total: KpiGroup;
  previous: KpiGroup;
  loading: boolean;
}

export function KpiCards({ query, total, previous, loading }: Props) {
  const { t, tl, locale } = useI18n();
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
      {headline.map((key) => {
        const def = figureByKey[key];
        const change = changeOf(def, total[key], previous[key], locale);
        const color = change.good == null ? undefined : change.good ? '#237804' : '#a8071a';
        return (
          <Col key={key} xs={12} sm={8} md={6} xl={4} xxl={4}>
            <Card size="small" loading={loading} data-testid={`kpi-${key}`}>
              <Link
                to={drillUrl(query, def)}
                aria-label={t(`查看${tl(def.label)}对应的案件`, `Cases behind ${tl(def.label)}`)}
              >
                <Statistic title={tl(def.label)} value={formatFigure(total[key], def.kind, locale)} />
              </Link>
              <Typography.Text style={{ color, fontSize: 12 }}>
                {change.direction === 'up' ? (
                  <ArrowUpOutlined />
                ) : change.direction === 'down' ? (
                  <ArrowDownOutlined />
                ) : null}{' '}
                {change.text
                  ? t(`较上期 ${change.text}`, `${change.text} vs previous`)
                  : t('上期无可比数据', 'No previous figure')}
              </Typography.Text>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
