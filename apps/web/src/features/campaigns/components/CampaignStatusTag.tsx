/** The status of a campaign (草稿 / 进行中 / 已结束) and of a household in it (未走访 / 已走访 / 不在家 / 拒访). */
import {
  type CampaignStatus,
  campaignStatusLabels,
  type HouseholdState,
  householdStateLabels,
} from '@grassroots/shared/campaigns/campaigns.rules';
import { Tag } from 'antd';
import { useI18n } from '../../../lib/i18n';

const statusColors: Record<CampaignStatus, string> = { draft: 'default', active: 'processing', closed: 'success' };
const stateColors: Record<HouseholdState, string> = {
  pending: 'default',
  visited: 'green',
  not_home: 'gold',
  refused: 'red',
};

export function CampaignStatusTag({ status }: { status: CampaignStatus }) {
  const { tl } = useI18n();
  return <Tag color={statusColors[status]}>{tl(campaignStatusLabels[status])}</Tag>;
}

export function HouseholdStateTag({ state }: { state: HouseholdState }) {
  const { tl } = useI18n();
  return <Tag color={stateColors[state]}>{tl(householdStateLabels[state])}</Tag>;
}
