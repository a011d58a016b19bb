/**
 * A searchable Select whose options come from the server (people, households). Debounced; shows the
 * server's error instead of an empty list when the search fails.
 */
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { errorMessage } from '../../../components/ErrorAlert';
import { useI18n } from '../../../lib/i18n';

export interface RemoteSelectProps<T> {
  queryKey: readonly unknown[];
  search: (q: string) => Promise<T[]>;
  toOption: (item: T) => { value: string; label: ReactNode };
  value?: string;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
  id?: string;
}

export function RemoteSelect<T>({
  queryKey,
  search,
  toOption,
  value,
  onChange,
  placeholder,
  id,
}: RemoteSelectProps<T>) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(h);
  }, [text]);
  const { data, isFetching, error } = useQuery({ queryKey: [...queryKey, q], queryFn: () => search(q) });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      onChange={onChange}
      placeholder={placeholder}
      loading={isFetching}
      options={(data ?? []).map(toOption)}
      notFoundContent={error ? errorMessage(error, t('搜索失败', 'Search failed')) : t('无匹配结果', 'No matches')}
      style={{ width: '100%' }}
      allowClear
    />
  );
}
