/**
 * The drill-down filters a link from analytics or a warning brings (a figure, a building, a compound, an address): they have
 * no control of their own in the filter bar, so each shows as a tag that can be removed.
 */
import type { DrillFigure } from '@grassroots/shared/analytics/analytics.facts';
import { Tag } from 'antd';
import type { Label } from '../../../app/route-types';
import { useI18n } from '../../../lib/i18n';
import type { CaseFilters } from '../list/filters';

export const drillFigureLabels: Record<DrillFigure, Label> = {
  valid: { 'zh-CN': '有效诉求', en: 'Valid' },
  responded: { 'zh-CN': '按时响应', en: 'Responded in time' },
  resolved: { 'zh-CN': '已解决', en: 'Resolved' },
  rated: { 'zh-CN': '已评价', en: 'Rated' },
  overdue: { 'zh-CN': '超期', en: 'Overdue' },
  due: { 'zh-CN': '期内到期', en: 'Deadline in period' },
  closedOnTime: { 'zh-CN': '按期结案', en: 'Closed on time' },
  reopened: { 'zh-CN': '曾重开', en: 'Reopened' },
};

type DrillChange = Partial<Pick<CaseFilters, 'figure' | 'building' | 'compound' | 'address'>>;

export function DrillTags({ filters: f, onChange }: { filters: CaseFilters; onChange: (c: DrillChange) => void }) {
  const { t, tl } = useI18n();
  const tags: { key: keyof DrillChange; text: string }[] = [];
  if (f.figure)
    tags.push({
      key: 'figure',
      text: t(`指标：${tl(drillFigureLabels[f.figure])}`, `Figure: ${tl(drillFigureLabels[f.figure])}`),
    });
  if (f.building) tags.push({ key: 'building', text: t(`楼栋 #${f.building}`, `Building #${f.building}`) });
  if (f.compound) tags.push({ key: 'compound', text: t(`小区 #${f.compound}`, `Compound #${f.compound}`) });
  if (f.address)
    tags.push({ key: 'address', text: t(`地址：${f.address}（未关联楼栋）`, `Address: ${f.address} (no building)`) });
  return (
    <>
      {tags.map((tag) => (
        <Tag
          key={tag.key}
          color="blue"
          closable={{ 'aria-label': t(`移除筛选 ${tag.text}`, `Remove filter ${tag.text}`) }}
          onClose={() => onChange({ [tag.key]: undefined })}
          data-testid={`drill-${tag.key}`}
        >
          {tag.text}
        </Tag>
      ))}
    </>
  );
}
