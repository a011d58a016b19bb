/**
 * The household or building picker of intake, searched on the server (GET /api/households?q=,
 * /api/buildings?q=; both already scoped to the caller's areas). A Form.Item child: value / onChange are
 * ids, `id` is forwarded so the item's label points here.
 */
import { Select } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { type PlaceKind, type PlaceOptionOf, usePlaceOptions } from '../api';
import { useDebounced } from '../components/use-debounced';

interface PlaceSelectProps<K extends PlaceKind> {
  kind: K;
  id?: string;
  value?: string;
  onChange?: (id: string | undefined) => void;
}

/** How an option reads: enough to tell two places apart, with the grid it belongs to. */
const optionLabel: { [K in PlaceKind]: (x: PlaceOptionOf[K]) => string } = {
  households: (h) => [h.address, h.headName, h.gridName].filter(Boolean).join(' · '),
  buildings: (b) => [b.compoundName, b.name, b.gridName].filter(Boolean).join(' · '),
};

export function PlaceSelect<K extends PlaceKind>({ kind, id, value, onChange }: PlaceSelectProps<K>) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const list = usePlaceOptions(kind, useDebounced(search.trim()));
  const label = optionLabel[kind];
  const options = (list.data?.items ?? []).map((x) => ({ value: x.id, label: label(x) }));
  const texts =
    kind === 'households'
      ? {
          placeholder: t('输入地址或户主姓名搜索', 'Search by address or head of household'),
          none: t('无匹配住户', 'No matching household'),
        }
      : {
          placeholder: t('输入小区或楼栋名称搜索', 'Search by compound or building'),
          none: t('无匹配楼栋', 'No matching building'),
        };
  return (
    <Select
      id={id}
      value={value}
      onChange={(v?: string) => onChange?.(v ?? undefined)}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      options={options}
      loading={list.isFetching}
      placeholder={texts.placeholder}
      notFoundContent={list.isFetching ? t('搜索中…', 'Searching…') : texts.none}
    />
  );
}
