/** /p/duty — find a building by address (no login); each hit opens its 亮身份 page. */
import { Input, Spin } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../lib/i18n';
import { usePublicSearch } from '../api';
import './public.css';

export function PublicDutySearchPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const search = usePublicSearch(q);
  const short = q.trim().length > 0 && q.trim().length < 2;
  return (
    <div className="duty-page">
      <div className="duty-head">
        <h2>{t('亮身份 · 找到您的网格责任人', 'Find the people responsible for your home')}</h2>
        <p>{t('输入小区或楼栋地址，至少两个字', 'Type your compound or building address (2+ characters)')}</p>
      </div>
      <div className="duty-field">
        <label htmlFor="duty-q">{t('小区 / 楼栋 / 地址', 'Compound, building or address')}</label>
        <Input.Search
          id="duty-q"
          size="large"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => setParams(v.trim() ? { q: v.trim() } : {})}
          enterButton={t('搜索', 'Search')}
          placeholder={t('例如：新城壹号', 'e.g. 新城壹号')}
          allowClear
        />
      </div>
      {short ? <p className="duty-muted">{t('请至少输入两个字', 'Type at least two characters')}</p> : null}
      {search.error ? <ErrorAlert error={search.error} /> : null}
      {search.isFetching ? <Spin /> : null}
      {search.data ? (
        search.data.length === 0 ? (
          <p className="duty-muted">{t('没有找到匹配的楼栋，请换个说法试试', 'No building found; try other words')}</p>
        ) : (
          <ul
            aria-label={t('搜索结果', 'Results')}
            style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: 10 }}
          >
            {search.data.map((hit) => (
              <li key={hit.code}>
                <Link className="duty-result" to={`/p/duty/b/${encodeURIComponent(hit.code)}`}>
                  <strong>
                    {hit.compound ? `${hit.compound} · ` : ''}
                    {hit.building}
                  </strong>
                  {hit.address ? <div className="duty-muted">{hit.address}</div> : null}
                </Link>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}
