/**
 * /h5/tasks 我的任务 — what waits for this grid worker (GET /api/cases?view=tasks): overdue first, then the
 * nearest deadline, each with a live countdown; a tap opens the case.
 */
import { FormOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { useNavigate } from 'react-router';
import { RequireLogin } from '../../../components/RequireLogin';
import { useI18n } from '../../../lib/i18n';
import { sortTasks } from '../cases-h5.rules';
import { CaseFeed } from '../components/CaseFeed';

export function TasksPage() {
  return (
    <RequireLogin loginPath="/h5/login">
      <Tasks />
    </RequireLogin>
  );
}

function Tasks() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Flex vertical gap={12}>
      <CaseFeed
        view="tasks"
        empty={t('暂无待办任务', 'Nothing waiting for you')}
        arrange={sortTasks}
        query={{ sort: 'resolveBy' }}
      />
      <Button size="large" block icon={<FormOutlined />} onClick={() => navigate('/h5/cases/on-behalf')}>
        {t('代居民上报', 'Report for a resident')}
      </Button>
    </Flex>
  );
}
