/** After 我要反映: the case number, large, to copy and keep; links to its progress and to submit another. */
import { CopyOutlined } from '@ant-design/icons';
import { App, Button, Flex, Result, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useI18n } from '../../../lib/i18n';
import type { H5CaseView } from '../api';

export function CaseSubmitted({ c, onAnother }: { c: H5CaseView; onAnother: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(c.number);
      message.success(t('编号已复制', 'Number copied'));
    } catch {
      message.info(t('请长按编号手动复制', 'Press and hold the number to copy it'));
    }
  };
  return (
    <Result
      status="success"
      title={t('提交成功', 'Submitted')}
      subTitle={t('请记下诉求编号，可随时查询办理进度', 'Keep this number to follow the progress')}
      extra={
        <Flex vertical gap={12} align="stretch" style={{ maxWidth: 420, margin: '0 auto' }}>
          <div>
            <Typography.Text type="secondary">{t('诉求编号', 'Case number')}</Typography.Text>
            <div
              data-testid="case-number"
              style={{
                fontSize: '1.9em',
                fontWeight: 700,
                letterSpacing: 1,
                wordBreak: 'break-all',
                userSelect: 'all',
              }}
            >
              {c.number}
            </div>
          </div>
          <Button size="large" block icon={<CopyOutlined />} onClick={copy}>
            {t('复制编号', 'Copy number')}
          </Button>
          <Button type="primary" size="large" block onClick={() => navigate(`/h5/cases/${c.id}`)}>
            {t('查看办理进度', 'See its progress')}
          </Button>
          <Button size="large" block onClick={onAnother}>
            {t('再反映一个问题', 'Report another problem')}
          </Button>
        </Flex>
      }
    />
  );
}
