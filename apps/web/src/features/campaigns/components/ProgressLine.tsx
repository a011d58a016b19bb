/** One line of progress: a bar of the share done (visited or refused) and the counts behind it. */
import { type CoverageCounts, donePercent } from '@grassroots/shared/campaigns/campaigns.rules';
import { Flex, Progress, Typography } from 'antd';
import { useI18n } from '../../../lib/i18n';
import { coverageColors } from '../coverage-chart';

export function ProgressLine({ counts, label }: { counts: CoverageCounts; label?: string }) {
  const { t } = useI18n();
  const percent = donePercent(counts);
  return (
    <Flex vertical gap={2}>
      <Progress
        percent={percent}
        strokeColor={coverageColors.visited}
        aria-label={
          label
            ? t(`${label} 完成 ${percent}%`, `${label} ${percent}% done`)
            : t(`完成 ${percent}%`, `${percent}% done`)
        }
      />
      <Typography.Text type="secondary" style={{ fontSize: '0.9em' }}>
        {t(
          `共 ${counts.total} 户：已走访 ${counts.visited}，拒访 ${counts.refused}，不在家 ${counts.notHome}，未走访 ${counts.pending}`,
          `${counts.total} households: ${counts.visited} visited, ${counts.refused} refused, ${counts.notHome} not at home, ${counts.pending} not visited`,
        )}
      </Typography.Text>
    </Flex>
  );
}
