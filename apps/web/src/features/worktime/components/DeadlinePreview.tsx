/** 期限试算: "受理时间 + N 个工作日/小时 = 截止时间", computed by the server with the calendar in force. */
import { shanghaiMs } from '@grassroots/shared/worktime/calendar';
import { useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Flex, InputNumber, Select, Spin, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../lib/i18n';
import { fetchPreview } from '../api';
import { shanghaiLabel, weekdayLabel } from '../month-grid';

export function DeadlinePreview({ initialDate }: { initialDate: string }) {
  const { t, locale } = useI18n();
  const [date, setDate] = useState<Dayjs | null>(dayjs(initialDate));
  const [time, setTime] = useState<Dayjs | null>(dayjs('16:00', 'HH:mm'));
  const [amount, setAmount] = useState<number | null>(3);
  const [unit, setUnit] = useState<'hours' | 'days'>('days');
  const start =
    date && time ? new Date(shanghaiMs(date.format('YYYY-MM-DD'), time.format('HH:mm'))).toISOString() : null;
  const ready = start !== null && amount !== null;
  const q = useQuery({
    queryKey: ['worktime-preview', start, amount, unit],
    queryFn: () => fetchPreview({ start: start as string, amount: amount as number, unit }),
    enabled: ready,
  });
  const end = q.data?.deadline;

  return (
    <Card title={t('期限试算', 'Deadline preview')} size="small" style={{ height: '100%' }}>
      <Flex gap={8} wrap align="center">
        <Typography.Text>{t('受理时间', 'Received')}</Typography.Text>
        <DatePicker aria-label={t('受理日期', 'Date received')} value={date} onChange={setDate} allowClear={false} />
        <TimePicker
          aria-label={t('受理时刻', 'Time received')}
          format="HH:mm"
          value={time}
          onChange={setTime}
          allowClear={false}
        />
        <span aria-hidden>+</span>
        <InputNumber
          aria-label={t('期限数量', 'Amount')}
          min={0}
          max={1000}
          precision={0}
          value={amount}
          onChange={setAmount}
          style={{ width: 80 }}
        />
        <Select
          aria-label={t('期限单位', 'Unit')}
          value={unit}
          onChange={setUnit}
          style={{ width: 120 }}
          options={[
            { value: 'days', label: t('个工作日', 'working days') },
            { value: 'hours', label: t('个工作小时', 'working hours') },
          ]}
        />
      </Flex>
      <div style={{ marginTop: 16, minHeight: 48 }} aria-live="polite">
        {q.isError ? (
          <ErrorAlert error={q.error} />
        ) : q.isFetching && !end ? (
          <Spin size="small" />
        ) : end && ready ? (
          <Typography.Text>
            {t('截止时间', 'Due')}：{' '}
            <Typography.Text strong style={{ fontSize: 18 }} data-testid="deadline">
              {shanghaiLabel(end)}
            </Typography.Text>{' '}
            <Typography.Text type="secondary">
              （{weekdayLabel(shanghaiLabel(end).slice(0, 10), locale)}，{t('北京时间', 'Beijing time')}）
            </Typography.Text>
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('请填写受理时间和期限', 'Enter a time and a limit')}</Typography.Text>
        )}
      </div>
    </Card>
  );
}
