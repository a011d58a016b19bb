/** The 登记诉求 button of the case pages' headers, shown only to those who take cases in (INTAKE_ROLES). */
import { PlusOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useNavigate } from 'react-router';
import { useCan } from '../../../lib/auth';
import { useI18n } from '../../../lib/i18n';
import { INTAKE_ROLES } from '../new/intake';

export function NewCaseButton() {
  const { t } = useI18n();
  const { hasRole } = useCan();
  const navigate = useNavigate();
  if (!hasRole(...INTAKE_ROLES)) return null;
  return (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/console/cases/new')}>
      {t('登记诉求', 'Register a case')}
    </Button>
  );
}
