/** /h5/cases 我的诉求 — the cases I submitted or of my household (GET /api/cases?view=mine), newest first. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { useNavigate } from 'react-router';
import { RequireLogin } from '../../../components/RequireLogin';
import { useI18n } from '../../../lib/i18n';
import { CaseFeed } from '../components/CaseFeed';

export function MyCasesPage() {
  return (
    <RequireLogin loginPath="/h5/login">
      <MyCases />
    </RequireLogin>
  );
}

function MyCases() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const submit = (
    <Button type="primary" size="large" block icon={<PlusOutlined />} onClick={() => navigate('/h5/cases/new')}>
      {t('我要反映', 'Report a problem')}
    </Button>
  );
  return (
    <Flex vertical gap={12}>
      {submit}
      <CaseFeed
        view="mine"
        empty={t('您还没有反映过问题', 'You have not reported anything yet')}
        query={{ sort: '-createdAt' }}
      />
    </Flex>
  );
}
