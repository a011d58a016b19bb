/**
 * 导入全年: paste or upload a year in the holidays-cn.json shape (the whole file or one year's
 * `{ "holidays": [...] }`), check the preview, confirm — the server replaces that year in one transaction.
 */
import { UploadOutlined } from '@ant-design/icons';
import { daysFromHolidayJson } from '@grassroots/shared/worktime/worktime.api';
import { Alert, App, Button, Flex, Input, InputNumber, Modal, Table, Tag, Typography, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { useConfirm } from '../../../components/ConfirmButton';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { ApiError } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { type HolidayDay, useReplaceYear, useWorktime } from '../api';
import { isWeekendKey, weekdayLabel } from '../month-grid';

const example = `{
  "holidays": [
    { "name": "元旦", "off": ["2027-01-01", "2027-01-02", "2027-01-03"], "work": [] },
    { "name": "春节", "off": ["2027-02-06", "2027-02-07"], "work": ["2027-01-31"] }
  ]
}`;

/** The offending date of a refused import (the server names it in the error details). */
const badDate = (e: unknown) =>
  e instanceof ApiError ? ((e.details as { date?: string } | undefined)?.date ?? null) : null;

function parse(text: string, year: number | null): { days?: HolidayDay[]; error?: string } {
  if (!text.trim() || !year) return {};
  try {
    return { days: daysFromHolidayJson(JSON.parse(text), year) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

export function ImportYearModal({ defaultYear, onClose }: { defaultYear: number; onClose: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const [year, setYear] = useState<number | null>(defaultYear);
  const [text, setText] = useState('');
  const existing = useWorktime(year ?? undefined);
  const replace = useReplaceYear();
  const parsed = useMemo(() => parse(text, year), [text, year]);
  // The server refuses a make-up day on a weekday (pointless); say so before sending.
  const badWork = parsed.days?.filter((d) => d.kind === 'work' && !isWeekendKey(d.date)) ?? [];
  const existingCount = existing.data?.year === year ? existing.data.days.length : 0;

  const submit = async () => {
    if (!year || !parsed.days) return;
    if (existingCount > 0) {
      const ok = await confirm({
        title: t(`替换 ${year} 年的节假日安排？`, `Replace the ${year} calendar?`),
        content: t(
          `${year} 年现有的 ${existingCount} 个特殊日期将被删除，换成这 ${parsed.days.length} 个；期限计算立即按新安排执行。`,
          `The ${existingCount} existing dates of ${year} are replaced by these ${parsed.days.length}.`,
        ),
        okText: t('替换', 'Replace'),
      });
      if (!ok) return;
    }
    await replace.mutateAsync({ year, days: parsed.days });
    message.success(t(`${year} 年节假日安排已导入`, `${year} imported`));
    onClose();
  };

  return (
    <Modal
      open
      width={760}
      title={t('导入全年节假日安排', 'Import a year of holidays')}
      onCancel={onClose}
      okText={existingCount > 0 ? t('确认替换', 'Replace') : t('确认导入', 'Import')}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{
        disabled: !parsed.days || parsed.days.length === 0 || badWork.length > 0,
        loading: replace.isPending,
      }}
      onOk={submit}
    >
      <Typography.Paragraph type="secondary">
        {t(
          '国务院办公厅每年发布下一年的放假安排后，在此粘贴或上传 JSON（与 holidays-cn.json 相同格式：整个文件，或某一年的 { "holidays": [...] }）。导入会整体替换该年份的全部特殊日期。',
          'Paste or upload JSON in the holidays-cn.json shape. The whole year is replaced.',
        )}
      </Typography.Paragraph>
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        <label htmlFor="wt-import-year">{t('年份', 'Year')}</label>
        <InputNumber id="wt-import-year" min={1990} max={2200} precision={0} value={year} onChange={setYear} />
        <Upload
          accept=".json,application/json"
          showUploadList={false}
          beforeUpload={async (file) => {
            setText(await file.text());
            return false;
          }}
        >
          <Button icon={<UploadOutlined />}>{t('选择 JSON 文件', 'Choose a JSON file')}</Button>
        </Upload>
        {existingCount > 0 ? (
          <Tag color="orange">{t(`${year} 年已有 ${existingCount} 个特殊日期`, `${existingCount} dates exist`)}</Tag>
        ) : null}
      </Flex>
      <Input.TextArea
        aria-label={t('节假日 JSON', 'Holiday JSON')}
        rows={7}
        value={text}
        placeholder={example}
        onChange={(e) => setText(e.target.value)}
        style={{ fontFamily: 'monospace', fontSize: 12 }}
      />
      {parsed.error ? (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          title={t('无法识别该 JSON', 'Cannot read this JSON')}
          description={parsed.error}
        />
      ) : null}
      {badWork.length ? (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          title={t('调休上班日应在周末', 'Make-up working days must fall on weekends')}
          description={badWork.map((d) => `${d.date} ${weekdayLabel(d.date, locale)}`).join('、')}
        />
      ) : null}
      {parsed.days ? (
        <Table<HolidayDay>
          style={{ marginTop: 12 }}
          size="small"
          rowKey="date"
          dataSource={parsed.days}
          pagination={{ pageSize: 8, hideOnSinglePage: true }}
          locale={{ emptyText: t(`JSON 中没有 ${year} 年的日期`, `No dates for ${year}`) }}
          title={() => t(`预览：${parsed.days?.length ?? 0} 个特殊日期`, `Preview: ${parsed.days?.length ?? 0} dates`)}
          columns={[
            { title: t('日期', 'Date'), dataIndex: 'date' },
            { title: t('星期', 'Weekday'), render: (_, d) => weekdayLabel(d.date, locale) },
            {
              title: t('类型', 'Kind'),
              dataIndex: 'kind',
              render: (k: HolidayDay['kind']) =>
                k === 'off' ? <Tag color="red">{t('休', 'Off')}</Tag> : <Tag color="blue">{t('班', 'Work')}</Tag>,
            },
            { title: t('名称', 'Name'), dataIndex: 'name' },
          ]}
        />
      ) : null}
      {replace.isError ? (
        <ErrorAlert
          error={replace.error}
          title={
            badDate(replace.error)
              ? t(`导入失败：${badDate(replace.error)}`, `Failed at ${badDate(replace.error)}`)
              : undefined
          }
          style={{ marginTop: 12 }}
        />
      ) : null}
    </Modal>
  );
}
