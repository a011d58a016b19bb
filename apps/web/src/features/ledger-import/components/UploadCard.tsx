/** Step 1: download the template, then drop or choose an .xlsx (≤ 20 MB) — uploaded with a progress bar. */
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Progress, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useMe } from '../../../lib/auth';
import { useI18n } from '../../../lib/i18n';
import { TEMPLATE_URL, uploadWorkbook } from '../api';

const MAX_BYTES = 20 * 1024 * 1024;

export function UploadCard({ onUploaded }: { onUploaded: (id: string) => void }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  const send = async (file: File) => {
    setError(null);
    if (!file.name.toLowerCase().endsWith('.xlsx')) {
      setError(
        new Error(
          t(
            '请选择 .xlsx 格式的工作簿（旧版 .xls 请先另存为 .xlsx）',
            'Choose an .xlsx workbook (save an old .xls as .xlsx first)',
          ),
        ),
      );
      return;
    }
    if (file.size > MAX_BYTES) {
      setError(
        new Error(t('文件超过 20 MB，请拆分后分批导入', 'The file exceeds 20 MB; split it and import in parts')),
      );
      return;
    }
    setPercent(0);
    try {
      const { id } = await uploadWorkbook(file, {
        csrfToken: me.data?.csrfToken ?? null,
        locale,
        onProgress: setPercent,
      });
      onUploaded(id);
    } catch (e) {
      setError(e);
    } finally {
      setPercent(null);
    }
  };

  return (
    <Card title={t('上传台账工作簿', 'Upload a ledger workbook')}>
      <Flex vertical gap={16}>
        <Typography.Paragraph style={{ margin: 0 }}>
          {t(
            '请先下载模板，按表头逐行填写（每行一人；楼栋/单元/房号或地址确定所属住户）。上传后系统会逐行检查并列出问题，确认无误后再一次性导入。',
            'Download the template and fill in one person per row (building/unit/room or an address decides the household). After the upload every row is checked and its problems listed; you then import everything in one go.',
          )}
        </Typography.Paragraph>
        <div>
          <Button icon={<DownloadOutlined />} href={TEMPLATE_URL} download>
            {t('下载导入模板', 'Download the template')}
          </Button>
        </div>
        <Upload.Dragger
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          multiple={false}
          showUploadList={false}
          disabled={percent !== null}
          beforeUpload={(file) => {
            void send(file);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined aria-hidden />
          </p>
          <p className="ant-upload-text">{t('点击或拖拽 .xlsx 文件到此处上传', 'Click or drop an .xlsx file here')}</p>
          <p className="ant-upload-hint">{t('单个文件不超过 20 MB', 'Up to 20 MB')}</p>
        </Upload.Dragger>
        {percent !== null ? (
          <Progress percent={percent} status="active" aria-label={t('上传进度', 'Upload progress')} />
        ) : null}
        <ErrorAlert error={error} />
      </Flex>
    </Card>
  );
}
