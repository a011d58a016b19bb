/**
 * /console/worktime — 工作时间与节假日: the working periods, the holiday calendar with 调休 make-up days (a year
 * at a time, month by month), importing a new year, and a deadline preview. Any console user reads it;
 * worktime.manage (admin, center) edits.
 */
import { ImportOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Row, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { useCan } from '../../../lib/auth';
import { useI18n } from '../../../lib/i18n';
import { type HolidayDay, useWorktime } from '../api';
import { DayModal } from '../components/DayModal';
import { DeadlinePreview } from '../components/DeadlinePreview';
import { ImportYearModal } from '../components/ImportYearModal';
import { PeriodsCard } from '../components/PeriodsCard';
import { YearCalendar } from '../components/YearCalendar';
import { shanghaiLabel } from '../month-grid';

const thisYear = () => Number(shanghaiLabel(Date.now()).slice(0, 4));

export function WorktimePage() {
  const { t } = useI18n();
  const { can } = useCan();
  const manage = can('worktime.manage');
  const [year, setYear] = useState<number>(thisYear);
  const [picked, setPicked] = useState<{ date: string; current: HolidayDay | undefined } | null>(null);
  const [importing, setImporting] = useState(false);
  const q = useWorktime(year);
  const data = q.data;

  const yearOptions = useMemo(() => {
    const ys = new Set([...(data?.years ?? []), thisYear(), thisYear() + 1, year]);
    return [...ys].sort((a, b) => a - b).map((y) => ({ value: y, label: t(`${y} 年`, String(y)) }));
  }, [data?.years, year, t]);
  const names = useMemo(() => [...new Set((data?.days ?? []).map((d) => d.name))], [data?.days]);
  const offCount = data?.days.filter((d) => d.kind === 'off').length ?? 0;
  const workCount = (data?.days.length ?? 0) - offCount;
  const beyond = data && (data.lastYear === null || year > data.lastYear);
  const nextMissing = data && data.lastYear !== null && data.lastYear < thisYear() + 1;

  return (
    <>
      <PageHeader
        title={t('工作时间与节假日', 'Working time & holidays')}
        subtitle={t(
          '诉求期限按北京时间的工作时段计时，跳过法定节假日，计入调休上班日',
          'Deadlines count working periods (Beijing time), skip public holidays and count make-up days',
        )}
        extra={
          manage ? (
            <Button icon={<ImportOutlined />} onClick={() => setImporting(true)}>
              {t('导入全年', 'Import a year')}
            </Button>
          ) : null
        }
      />
      {q.isError ? <ErrorAlert error={q.error} onRetry={() => q.refetch()} style={{ marginBottom: 16 }} /> : null}
      {nextMissing ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t(
            `节假日安排只录入到 ${data?.lastYear} 年：之后的日期仅按周末计算期限。国务院公布新一年的放假安排后，请点击“导入全年”。`,
            `Holidays are entered up to ${data?.lastYear}; later dates count weekends only. Import the next year when it is published.`,
          )}
        />
      ) : null}
      {!data ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16}>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={10}>
              <PeriodsCard periods={data.periods} canEdit={manage} />
            </Col>
            <Col xs={24} lg={14}>
              <DeadlinePreview initialDate={shanghaiLabel(Date.now()).slice(0, 10)} />
            </Col>
          </Row>
          <Card
            size="small"
            title={
              <Space wrap>
                <Select
                  aria-label={t('选择年份', 'Year')}
                  value={year}
                  onChange={setYear}
                  options={yearOptions}
                  style={{ width: 110 }}
                />
                <Tag color="red">{t(`休 ${offCount} 天`, `${offCount} days off`)}</Tag>
                <Tag color="blue">{t(`调休上班 ${workCount} 天`, `${workCount} make-up days`)}</Tag>
              </Space>
            }
            extra={
              <Typography.Text type="secondary">
                {manage
                  ? t('点击日期可设置或清除休息日、调休上班日', 'Click a date to set or clear it')
                  : t('只读：需要“工作时间管理”权限才能修改', 'Read-only')}
              </Typography.Text>
            }
          >
            {beyond ? (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                title={t(
                  `${year} 年尚未录入节假日安排，目前仅按周末计算。`,
                  `No holidays entered for ${year}: weekends only.`,
                )}
              />
            ) : null}
            <YearCalendar
              year={year}
              days={data.days}
              onPick={manage ? (date, current) => setPicked({ date, current }) : undefined}
            />
          </Card>
        </Flex>
      )}
      <DayModal date={picked?.date ?? null} current={picked?.current} names={names} onClose={() => setPicked(null)} />
      {importing ? (
        <ImportYearModal defaultYear={(data?.lastYear ?? thisYear()) + 1} onClose={() => setImporting(false)} />
      ) : null}
    </>
  );
}
