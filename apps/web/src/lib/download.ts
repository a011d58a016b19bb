/**
 * Downloads a file the server makes (CSV, Excel, JSON): fetched first, so a refusal (403, 422 too many rows …)
 * surfaces as the server's ApiError for the page to show, instead of a browser tab full of JSON.
 */
import { ApiError, type Query, toQueryString } from './api';

/** The file name from Content-Disposition, else the fallback. */
export function fileNameOf(contentDisposition: string | null, fallback: string): string {
  const cd = contentDisposition ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd)?.[1];
  if (star) return decodeURIComponent(star);
  return /filename="?([^";]+)"?/i.exec(cd)?.[1] ?? fallback;
}

/**
 * GETs `url` and saves the response as a file; a refusal (403, 422 …) throws the server's ApiError instead.
 * Returns the saved file's name.
 */
export async function downloadFile(
  url: string,
  query: Query | undefined,
  locale: 'zh-CN' | 'en',
  fallbackName: string,
) {
  let res: Response;
  try {
    res = await fetch(url + toQueryString(query), {
      credentials: 'same-origin',
      headers: { 'accept-language': locale },
    });
  } catch {
    throw new ApiError(0, 'NETWORK', locale === 'en' ? 'Network error' : '网络连接失败，请稍后重试');
  }
  if (!res.ok) {
    const json = await res.json().catch(() => undefined);
    const e = json?.error ?? {};
    throw new ApiError(res.status, e.code ?? 'INTERNAL', e.message ?? res.statusText, e.details);
  }
  const name = fileNameOf(res.headers.get('content-disposition'), fallbackName);
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: Chromium starts the download asynchronously after the click.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
}
