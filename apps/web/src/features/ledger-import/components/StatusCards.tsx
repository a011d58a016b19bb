/** The import while the server works on it (a progress bar from polling), and how it ended. */
import { Button, Card, Descriptions, Flex, Progress, Result, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useI18n } from '../../../lib/i18n';
import type { ImportView } from '../api';

export function ProgressCard({ view }: { view: ImportView }) {
  const { t } = useI18n();
  const parsing = view.status === 'parsing';
  return (
    <Card title={parsing ? t('正在检查工作簿', 'Checking the workbook') : t('正在导入', 'Importing')}>
      <Flex vertical gap={12}>
        <Typography.Text>
          {parsing
            ? t(`正在逐行检查：已读取 ${view.processedRows} 行`, `Checking row by row: ${view.processedRows} rows read`)
            : t(
                `正在写入台账：${view.processedRows} / ${view.totalRows} 行（整体提交，完成前不会写入任何数据）`,
                `Writing the ledger: ${view.processedRows} / ${view.totalRows} rows (all at once: nothing is written until it completes)`,
              )}
        </Typography.Text>
        <Progress
          percent={view.progress}
          status="active"
          aria-label={parsing ? t('检查进度', 'Check progress') : t('导入进度', 'Import progress')}
        />
      </Flex>
    </Card>
  );
}

export function ResultCard({ view, onRestart }: { view: ImportView; onRestart: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const again = (
    <Button key="again" onClick={onRestart}>
      {t('导入另一个文件', 'Import another file')}
    </Button>
  );
  if (view.status === 'committed' && view.result) {
    const r = view.result;
    return (
      <Card>
        <Result
          status="success"
          title={t('导入完成', 'Import complete')}
          subTitle={view.fileName}
          extra={[
            <Button key="ledger" type="primary" onClick={() => navigate('/console/ledger/persons')}>
              {t('查看台账', 'Open the ledger')}
            </Button>,
            again,
          ]}
        >
          <Progress percent={100} aria-label={t('导入进度', 'Import progress')} />
          <Descriptions
            column={{ xs: 1, sm: 2, md: 4 }}
            items={[
              { key: 'i', label: t('新增人员', 'Persons added'), children: r.inserted },
              { key: 'u', label: t('更新人员', 'Persons updated'), children: r.updated },
              { key: 's', label: t('跳过行数', 'Rows skipped'), children: r.skipped },
              { key: 'h', label: t('新建住户', 'Households created'), children: r.householdsCreated },
            ]}
          />
        </Result>
      </Card>
    );
  }
  if (view.status === 'cancelled')
    return (
      <Card>
        <Result status="info" title={t('已取消导入', 'Import cancelled')} subTitle={view.fileName} extra={[again]} />
      </Card>
    );
  return (
    <Card>
      <Result
        status="error"
        title={t('导入失败，台账未做任何修改', 'The import failed; the ledger is unchanged')}
        subTitle={view.error?.message ?? view.fileName}
        extra={[again]}
      />
    </Card>
  );
}
