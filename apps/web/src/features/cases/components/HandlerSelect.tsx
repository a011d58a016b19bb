/**
 * The handler filter of the case list. Dispatch targets are chosen per case, so the list offers what makes
 * sense across cases: "handled by me", my own organisations, and any organisation (searched by name).
 * The value is a handler key as the API takes it: 'account:ID' | 'organisation:ID'.
 */
import { Select } from 'antd';
import { useMemo, useState } from 'react';
import { useMe } from '../../../lib/auth';
import { useI18n } from '../../../lib/i18n';
import { useOrganisation, useOrganisationOptions } from '../api';
import { useDebounced } from './use-debounced';

export interface HandlerSelectProps {
  value?: string;
  onChange: (v: string | undefined) => void;
  style?: React.CSSProperties;
}

export function HandlerSelect({ value, onChange, style }: HandlerSelectProps) {
  const { t } = useI18n();
  const { data: me } = useMe();
  const [search, setSearch] = useState('');
  const orgs = useOrganisationOptions(useDebounced(search.trim()));
  const selectedOrgId = value?.startsWith('organisation:') ? value.slice('organisation:'.length) : undefined;
  const selectedOrg = useOrganisation(selectedOrgId);

  const options = useMemo(() => {
    const mine = [{ value: `account:${me?.account.id}`, label: t('我处理的', 'Handled by me') }];
    const ownOrgs = new Map<string, string>();
    for (const g of me?.grants ?? []) if (g.orgId && g.orgName) ownOrgs.set(g.orgId, g.orgName);
    for (const [id, name] of ownOrgs)
      mine.push({ value: `organisation:${id}`, label: t(`本单位：${name}`, `My organisation: ${name}`) });
    const others = new Map((orgs.data?.items ?? []).map((o) => [o.id, o.name]));
    // A handler that came in through the URL is shown by name even when it is not in the search results.
    if (selectedOrg.data) others.set(selectedOrg.data.id, selectedOrg.data.name);
    for (const id of ownOrgs.keys()) others.delete(id);
    return [
      { label: t('我的', 'Mine'), options: mine },
      {
        label: t('办理单位', 'Organisations'),
        options: [...others].map(([id, name]) => ({ value: `organisation:${id}`, label: name })),
      },
    ];
  }, [me, orgs.data, selectedOrg.data, t]);

  return (
    <Select
      aria-label={t('办理人', 'Handler')}
      placeholder={t('办理人/单位', 'Handler')}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      onChange={(v?: string) => {
        setSearch('');
        onChange(v ?? undefined);
      }}
      options={options}
      loading={orgs.isFetching}
      notFoundContent={t('无匹配单位', 'No matching organisation')}
      style={{ width: 200, ...style }}
      popupMatchSelectWidth={false}
    />
  );
}
