/** The 人员台账 filters: grid, search, tags (open and sensitive), age group, gender, moves, order, custom fields. */
import { genders } from '@grassroots/shared/ledger/ledger.rules';
import type { LedgerFieldView } from '@grassroots/shared/ledger/ledger.schema';
import { Button, Input, Select } from 'antd';
import { useEffect, useState } from 'react';
import { AreaTreeSelect } from '../../../components/AreaTreeSelect';
import { FilterBar } from '../../../components/PagedTable';
import { useI18n } from '../../../lib/i18n';
import { ageGroupOptions, genderLabel, personTagOptions } from '../ledger-labels';
import { activeFilterCount, type PersonFilters } from '../persons-filters';
import { CustomFieldInput, fieldLabel } from './CustomFieldInput';

export interface PersonFilterBarProps {
  filters: PersonFilters;
  onChange: (patch: Partial<PersonFilters>) => void;
  onReset: () => void;
  fields: LedgerFieldView[];
}

export function PersonFilterBar({ filters: f, onChange, onReset, fields }: PersonFilterBarProps) {
  const { t, locale } = useI18n();
  const [q, setQ] = useState(f.q);
  useEffect(() => setQ(f.q), [f.q]);
  return (
    <FilterBar>
      <AreaTreeSelect
        kinds={['grid']}
        aria-label={t('按网格筛选', 'Filter by grid')}
        placeholder={t('全部网格', 'All grids')}
        value={f.gridId}
        onChange={(gridId) => onChange({ gridId })}
        style={{ width: 200 }}
      />
      <Input.Search
        aria-label={t('搜索姓名、完整身份证号或手机号', 'Search name, full ID number or phone')}
        placeholder={t('姓名、完整身份证号或手机号', 'Name, full ID number or phone')}
        allowClear
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          if (!e.target.value) onChange({ q: '' });
        }}
        onSearch={(v) => onChange({ q: v.trim() })}
        style={{ width: 260 }}
      />
      <Select
        mode="multiple"
        aria-label={t('按标签筛选', 'Filter by tag')}
        placeholder={t('标签（含敏感标签）', 'Tags (incl. sensitive)')}
        value={f.tags}
        onChange={(tags) => onChange({ tags })}
        options={personTagOptions(locale)}
        allowClear
        maxTagCount="responsive"
        style={{ minWidth: 200 }}
      />
      <Select
        aria-label={t('年龄段', 'Age group')}
        placeholder={t('年龄段', 'Age group')}
        allowClear
        value={f.ageGroup ?? undefined}
        onChange={(v) => onChange({ ageGroup: v ?? null })}
        options={ageGroupOptions(locale)}
        style={{ width: 170 }}
      />
      <Select
        aria-label={t('性别', 'Gender')}
        placeholder={t('性别', 'Gender')}
        allowClear
        value={f.gender ?? undefined}
        onChange={(v) => onChange({ gender: v ?? null })}
        options={genders.map((g) => ({ value: g, label: genderLabel(g, locale) }))}
        style={{ width: 100 }}
      />
      <Select
        aria-label={t('在册状态', 'Residence')}
        value={f.movedOut}
        onChange={(movedOut) => onChange({ movedOut })}
        options={[
          { value: 'false', label: t('在册人员', 'Current residents') },
          { value: 'true', label: t('已迁出', 'Moved out') },
          { value: 'all', label: t('全部', 'All') },
        ]}
        style={{ width: 120 }}
      />
      <Select
        aria-label={t('排序', 'Order')}
        value={f.sort}
        onChange={(sort) => onChange({ sort })}
        options={[
          { value: 'birthDate', label: t('按年龄段：年长在前', 'By age: oldest first') },
          { value: '-birthDate', label: t('按年龄段：年幼在前', 'By age: youngest first') },
          { value: 'address', label: t('按地址', 'By address') },
          { value: 'name', label: t('按姓名', 'By name') },
          { value: '-createdAt', label: t('最近登记', 'Latest added') },
        ]}
        style={{ width: 180 }}
      />
      {fields.map((field) => (
        <CustomFieldInput
          key={field.code}
          field={field}
          asFilter
          aria-label={fieldLabel(field, locale)}
          value={f.custom[field.code] ?? ''}
          onChange={(v) => onChange({ custom: { ...f.custom, [field.code]: String(v ?? '') } })}
          style={{ width: 150 }}
        />
      ))}
      {activeFilterCount(f) ? <Button onClick={onReset}>{t('清空筛选', 'Clear filters')}</Button> : null}
    </FilterBar>
  );
}
