/** 工作时段: the working periods of a day (e.g. 08:30–12:00, 14:00–17:30), editable with worktime.manage. */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../lib/i18n';
import { type PeriodView, useSavePeriods } from '../api';

type Row = { start: Dayjs | null; end: Dayjs | null };

const toRow = (p: PeriodView): Row => ({
  start: dayjs(p.start, 'HH:mm'),
  end: p.end === '24:00' ? dayjs('23:59', 'HH:mm') : dayjs(p.end, 'HH:mm'),
});

export function PeriodsCard({ periods, canEdit }: { periods: PeriodView[]; canEdit: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const save = useSavePeriods();
  const [rows, setRows] = useState<Row[]>(() => periods.map(toRow));
  const key = JSON.stringify(periods);
  // Re-sync when the server's periods change (after a save, or an edit elsewhere).
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the periods' content, not identity
  useEffect(() => setRows(periods.map(toRow)), [key]);

  const setAt = (i: number, r: Partial<Row>) => setRows((rs) => rs.map((x, j) => (j === i ? { ...x, ...r } : x)));
  const complete = rows.length > 0 && rows.every((r) => r.start && r.end);
  const onSave = () =>
    save.mutate(
      rows.map((r) => ({ start: r.start?.format('HH:mm') ?? '', end: r.end?.format('HH:mm') ?? '' })),
      { onSuccess: () => message.success(t('工作时段已保存，新的期限将按此计算', 'Working periods saved')) },
    );

  return (
    <Card title={t('工作时段', 'Working periods')} size="small" style={{ height: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t(
          '期限只在工作日的这些时段内计时（北京时间）；按“工作日”计的期限截止于最后一个时段结束。',
          'Deadlines count only within these periods on working days (Beijing time).',
        )}
      </Typography.Paragraph>
      <Flex vertical gap={8}>
        {rows.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their position
          <Flex key={i} gap={8} align="center" wrap>
            <Typography.Text style={{ width: 48 }}>{t(`时段 ${i + 1}`, `#${i + 1}`)}</Typography.Text>
            <TimePicker
              aria-label={t(`时段 ${i + 1} 开始`, `Period ${i + 1} start`)}
              format="HH:mm"
              minuteStep={5}
              value={r.start}
              disabled={!canEdit}
              onChange={(v) => setAt(i, { start: v })}
            />
            <span aria-hidden>—</span>
            <TimePicker
              aria-label={t(`时段 ${i + 1} 结束`, `Period ${i + 1} end`)}
              format="HH:mm"
              minuteStep={5}
              value={r.end}
              disabled={!canEdit}
              onChange={(v) => setAt(i, { end: v })}
            />
            {canEdit && rows.length > 1 ? (
              <Button
                type="text"
                icon={<DeleteOutlined />}
                aria-label={t(`删除时段 ${i + 1}`, `Remove period ${i + 1}`)}
                onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
              />
            ) : null}
          </Flex>
        ))}
      </Flex>
      {save.isError ? <ErrorAlert error={save.error} style={{ marginTop: 12 }} /> : null}
      {canEdit ? (
        <Flex gap={8} style={{ marginTop: 12 }}>
          <Button
            icon={<PlusOutlined />}
            disabled={rows.length >= 12}
            onClick={() => setRows((rs) => [...rs, { start: null, end: null }])}
          >
            {t('添加时段', 'Add period')}
          </Button>
          <Button type="primary" loading={save.isPending} disabled={!complete} onClick={onSave}>
            {t('保存时段', 'Save periods')}
          </Button>
        </Flex>
      ) : null}
    </Card>
  );
}
