/** Session actions shared by the layouts and the login pages. */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { api, setCsrfToken } from '../lib/api';
import { meQueryKey } from '../lib/auth';
import { useI18n } from '../lib/i18n';

export const productName = { 'zh-CN': '基层治理一网通', en: 'Grassroots Governance' } as const;

/** POST /api/auth/logout, then forget everything cached for this account and go to the login page. */
export function useLogout(to = '/login') {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    try {
      await api.post('/api/auth/logout');
    } catch {
      // The session may already be gone (expired, revoked); leaving is still right.
    }
    setCsrfToken(null);
    navigate(to, { replace: true });
    qc.clear();
    qc.setQueryData(meQueryKey, null);
  };
}

/** Sets the browser tab title: "页面 - 基层治理一网通". */
export function useDocumentTitle(page?: string) {
  const { tl } = useI18n();
  const product = tl(productName);
  useEffect(() => {
    document.title = page && page !== product ? `${page} - ${product}` : product;
  }, [page, product]);
}
