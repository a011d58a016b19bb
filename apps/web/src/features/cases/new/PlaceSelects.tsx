/**
 * Household and building pickers for intake, searched on the server (GET /api/households?q=, /api/buildings?q=;
 * both already scoped to the caller's areas). Form.Item children: value / onChange are ids, `id` is forwarded
 * so the item's label points here.
 */
import { Select } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { useBuildingOptions, useHouseholdOptions } from '../api';
import { useDebounced } from '../components/use-debounced';

interface PickerProps {
  id?: string;
  value?: string;
  onChange?: (id: string | undefined) => void;
}

export function HouseholdSelect({ id, value, onChange }: PickerProps) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const list = useHouseholdOptions(useDebounced(search.trim()), true);
  const options = (list.data?.items ?? []).map((h) => ({
    value: h.id,
    label: [h.address, h.headName, h.gridName].filter(Boolean).join(' · '),
  }));
  return (
    <Select
      id={id}
      value={value}
      onChange={(v?: string) => onChange?.(v ?? undefined)}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      options={options}
      loading={list.isFetching}
      placeholder={t('输入地址或户主姓名搜索', 'Search by address or head of household')}
      notFoundContent={list.isFetching ? t('搜索中…', 'Searching…') : t('无匹配住户', 'No matching household')}
    />
  );
}

export function BuildingSelect({ id, value, onChange }: PickerProps) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const list = useBuildingOptions(useDebounced(search.trim()), true);
  const options = (list.data?.items ?? []).map((b) => ({
    value: b.id,
    label: [b.compoundName, b.name, b.gridName].filter(Boolean).join(' · '),
  }));
  return (
    <Select
      id={id}
      value={value}
      onChange={(v?: string) => onChange?.(v ?? undefined)}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      options={options}
      loading={list.isFetching}
      placeholder={t('输入小区或楼栋名称搜索', 'Search by compound or building')}
      notFoundContent={list.isFetching ? t('搜索中…', 'Searching…') : t('无匹配楼栋', 'No matching building')}
    />
  );
}
