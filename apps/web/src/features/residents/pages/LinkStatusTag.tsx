import { type ResidentLinkStatus, residentLinkStatusLabels } from '@grassroots/shared/residents/residents.schema';
import { Tag } from 'antd';
import { useI18n } from '../../../lib/i18n';

const colors: Record<ResidentLinkStatus, string> = { pending: 'processing', confirmed: 'success', rejected: 'error' };

export function LinkStatusTag({ status }: { status: ResidentLinkStatus }) {
  const { tl } = useI18n();
  return <Tag color={colors[status]}>{tl(residentLinkStatusLabels[status])}</Tag>;
}
