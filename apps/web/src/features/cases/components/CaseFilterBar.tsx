/** The filters of the case list: every control writes to the URL through `onChange` (see list/filters.ts). */
import { ClearOutlined } from '@ant-design/icons';
import { caseStatuses, caseStatusLabels } from '@grassroots/shared/cases/cases.lifecycle';
import { caseSourceLabels, caseSources } from '@grassroots/shared/cases/cases.schema';
import { Badge, Button, DatePicker, Flex, Input, Select, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { AreaTreeSelect } from '../../../components/AreaTreeSelect';
import { FilterBar } from '../../../components/PagedTable';
import { useI18n } from '../../../lib/i18n';
import { activeFilterCount, type CaseFilters } from '../list/filters';
import type { FilterChange } from '../list/use-case-filters';
import { CategoryFilter } from './CategoryFilter';
import { DrillTags } from './DrillTags';
import { HandlerSelect } from './HandlerSelect';

export interface CaseFilterBarProps {
  filters: CaseFilters;
  onChange: (change: FilterChange) => void;
  onReset: () => void;
}

export function CaseFilterBar({ filters: f, onChange, onReset }: CaseFilterBarProps) {
  const { t, tl } = useI18n();
  // The box shows what is typed; the list follows on Enter / the search button (a request per key is wasteful).
  const [q, setQ] = useState(f.q ?? '');
  useEffect(() => setQ(f.q ?? ''), [f.q]);
  const range: [Dayjs | null, Dayjs | null] | null =
    f.from || f.to ? [f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null] : null;
  const active = activeFilterCount(f);

  return (
    <FilterBar>
      <Input.Search
        aria-label={t('搜索编号、描述或地址', 'Search number, description or address')}
        placeholder={t('编号、描述或地址', 'Number, description or address')}
        allowClear
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onSearch={(v) => onChange({ q: v.trim() || undefined })}
        style={{ width: 260 }}
      />
      <Select
        mode="multiple"
        aria-label={t('状态', 'Status')}
        placeholder={t('全部状态', 'All statuses')}
        allowClear
        maxTagCount="responsive"
        value={f.status}
        onChange={(status) => onChange({ status })}
        options={caseStatuses.map((s) => ({ value: s, label: tl(caseStatusLabels[s]) }))}
        style={{ width: 220 }}
      />
      <Select
        mode="multiple"
        aria-label={t('来源', 'Source')}
        placeholder={t('全部来源', 'All sources')}
        allowClear
        maxTagCount="responsive"
        value={f.source}
        onChange={(source) => onChange({ source })}
        options={caseSources.map((s) => ({ value: s, label: tl(caseSourceLabels[s]) }))}
        style={{ width: 200 }}
      />
      <CategoryFilter value={f.category} onChange={(category) => onChange({ category })} />
      <AreaTreeSelect
        aria-label={t('所属区域', 'Area')}
        placeholder={t('全部区域', 'All areas')}
        value={f.area}
        onChange={(area) => onChange({ area: area ?? undefined })}
        style={{ width: 180 }}
      />
      <HandlerSelect value={f.handler} onChange={(handler) => onChange({ handler })} />
      <DatePicker.RangePicker
        aria-label={t('登记日期', 'Created between')}
        placeholder={[t('登记起始日', 'From'), t('登记截止日', 'To')]}
        allowEmpty={[true, true]}
        value={range}
        onChange={(v) =>
          onChange({ from: v?.[0]?.format('YYYY-MM-DD') ?? undefined, to: v?.[1]?.format('YYYY-MM-DD') ?? undefined })
        }
        style={{ width: 260 }}
      />
      <Flex align="center" gap={6}>
        <Switch
          id="cases-overdue"
          checked={!!f.overdue}
          onChange={(on) => onChange({ overdue: on || undefined })}
          size="small"
        />
        <Typography.Text>
          <label htmlFor="cases-overdue">{t('仅看超期', 'Overdue only')}</label>
        </Typography.Text>
      </Flex>
      <DrillTags filters={f} onChange={onChange} />
      <Badge count={active} size="small" color="blue">
        <Button icon={<ClearOutlined />} onClick={onReset} disabled={active === 0}>
          {t('清空筛选', 'Clear filters')}
        </Button>
      </Badge>
    </FilterBar>
  );
}
