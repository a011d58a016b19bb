/** Masking helpers: personal data is shown masked by default everywhere. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const p = phone.replace(/\s+/g, '');
  if (p.length < 7) return '*'.repeat(p.length);
  return `${p.slice(0, 3)}${'*'.repeat(p.length - 7)}${p.slice(-4)}`;
}

/** `142601199001011234` → `142601********1234` */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return null;
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** 张三丰 → 张** ; names are shown this way on public pages. */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return null;
  return name.slice(0, 1) + '*'.repeat(Math.max(1, name.length - 1));
}

export const isMainlandMobile = (s: string) => /^1[3-9]\d{9}$/.test(s);
