/**
 * Door-to-door campaigns (地毯式摸排, DOMAIN.md section 7): statuses and their transitions, visit outcomes, and
 * the answers of a visit checked against the campaign's form. Pure: the server validates with it, the phone
 * form can check before queueing a visit.
 */
import { isDateKey } from '../worktime/worktime.schema.js';

type Label = { 'zh-CN': string; en: string };

export const campaignStatuses = ['draft', 'active', 'closed'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];
export const campaignStatusLabels: Record<CampaignStatus, Label> = {
  draft: { 'zh-CN': '草稿', en: 'Draft' },
  active: { 'zh-CN': '进行中', en: 'Active' },
  closed: { 'zh-CN': '已结束', en: 'Closed' },
};

/** draft → start → active → close → closed; nothing else (a closed campaign stays closed). */
export const campaignTransitions = {
  start: { from: 'draft', to: 'active' },
  close: { from: 'active', to: 'closed' },
} as const satisfies Record<string, { from: CampaignStatus; to: CampaignStatus }>;
export type CampaignTransition = keyof typeof campaignTransitions;

export const visitOutcomes = ['visited', 'not_home', 'refused'] as const;
export type VisitOutcome = (typeof visitOutcomes)[number];
export const visitOutcomeLabels: Record<VisitOutcome, Label> = {
  visited: { 'zh-CN': '已走访', en: 'Visited' },
  not_home: { 'zh-CN': '不在家', en: 'Not at home' },
  refused: { 'zh-CN': '拒访', en: 'Refused' },
};

/** A household's state in a campaign: its latest visit's outcome, or pending before the first one. */
export const householdStates = ['pending', ...visitOutcomes] as const;
export type HouseholdState = (typeof householdStates)[number];
export const householdStateLabels: Record<HouseholdState, Label> = {
  pending: { 'zh-CN': '未走访', en: 'Not visited' },
  ...visitOutcomeLabels,
};

export const campaignFieldTypes = ['string', 'number', 'boolean', 'date', 'select'] as const;
export type CampaignFieldType = (typeof campaignFieldTypes)[number];
export const campaignFieldTypeLabels: Record<CampaignFieldType, Label> = {
  string: { 'zh-CN': '文本', en: 'Text' },
  number: { 'zh-CN': '数字', en: 'Number' },
  boolean: { 'zh-CN': '是/否', en: 'Yes / no' },
  date: { 'zh-CN': '日期', en: 'Date' },
  select: { 'zh-CN': '单选', en: 'Choice' },
};

export interface CampaignField {
  code: string;
  label: string;
  labelEn?: string | null;
  datatype: CampaignFieldType;
  required?: boolean;
  options?: string[];
}

export type AnswerValue = string | number | boolean;
export type Answers = Record<string, AnswerValue>;

export interface AnswerIssue {
  code: string;
  reason: 'required' | 'unknown' | 'type' | 'option' | 'too_long';
  message: string;
}

export const ANSWER_TEXT_MAX = 500;

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function checkOne(f: CampaignField, raw: unknown): { value: AnswerValue } | { issue: Omit<AnswerIssue, 'code'> } {
  const type = (message: string) => ({ issue: { reason: 'type' as const, message } });
  switch (f.datatype) {
    case 'string': {
      if (typeof raw !== 'string') return type('应为文本');
      const s = raw.trim();
      if (s.length > ANSWER_TEXT_MAX) return { issue: { reason: 'too_long', message: `不超过 ${ANSWER_TEXT_MAX} 字` } };
      return { value: s };
    }
    case 'number': {
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim())
            ? Number(raw)
            : Number.NaN;
      return Number.isFinite(n) ? { value: n } : type('应为数字');
    }
    case 'boolean':
      if (typeof raw === 'boolean') return { value: raw };
      if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
      return type('应为“是”或“否”');
    case 'date':
      return typeof raw === 'string' && isDateKey(raw.trim()) ? { value: raw.trim() } : type('应为日期 YYYY-MM-DD');
    case 'select':
      if (typeof raw !== 'string') return type('应为一个选项');
      return (f.options ?? []).includes(raw) ? { value: raw } : { issue: { reason: 'option', message: '不是可选项' } };
  }
}

/**
 * A visit's answers against the form: normalised values (trimmed, numbers parsed, blanks dropped) and one issue
 * per offending code. Required fields are required only when the household was actually visited: a door that
 * stayed shut has nothing to answer. Unknown codes are refused so a typo never goes unnoticed.
 */
export function validateAnswers(
  form: readonly CampaignField[],
  answers: Record<string, unknown> | null | undefined,
  outcome: VisitOutcome,
): { answers: Answers; issues: AnswerIssue[] } {
  const given = answers ?? {};
  const byCode = new Map(form.map((f) => [f.code, f]));
  const out: Answers = {};
  const issues: AnswerIssue[] = [];
  for (const code of Object.keys(given))
    if (!byCode.has(code)) issues.push({ code, reason: 'unknown', message: '表单没有这一项' });
  for (const f of form) {
    const raw = given[f.code];
    if (isBlank(raw)) {
      if (f.required && outcome === 'visited')
        issues.push({ code: f.code, reason: 'required', message: `请填写：${f.label}` });
      continue;
    }
    const r = checkOne(f, raw);
    if ('issue' in r) issues.push({ code: f.code, ...r.issue });
    else out[f.code] = r.value;
  }
  return { answers: out, issues };
}

/** An answer as a person reads it (export cells, visit history). */
export function formatAnswer(f: Pick<CampaignField, 'datatype'>, v: AnswerValue | undefined, locale: 'zh-CN' | 'en') {
  if (v === undefined) return '';
  if (f.datatype === 'boolean' || typeof v === 'boolean')
    return v ? (locale === 'en' ? 'Yes' : '是') : locale === 'en' ? 'No' : '否';
  return String(v);
}

/** Problems of a form as a whole (the schema checks each field): duplicate codes, select without options. */
export function formIssues(form: readonly CampaignField[]): { index: number; message: string }[] {
  const issues: { index: number; message: string }[] = [];
  const seen = new Set<string>();
  form.forEach((f, index) => {
    if (seen.has(f.code)) issues.push({ index, message: `字段编码重复：${f.code}` });
    seen.add(f.code);
    const options = f.options ?? [];
    if (f.datatype === 'select' && options.length < 2) issues.push({ index, message: '单选题至少需要两个选项' });
    if (f.datatype !== 'select' && options.length > 0) issues.push({ index, message: '只有单选题可以设置选项' });
    if (new Set(options).size !== options.length) issues.push({ index, message: '选项重复' });
  });
  return issues;
}

/** Counts of a campaign (or of one grid): pending = total minus every household with a visit. */
export interface CoverageCounts {
  total: number;
  visited: number;
  notHome: number;
  refused: number;
  pending: number;
}

/**
 * Share of households done, 0–100 with one decimal: visited or refused (someone answered the door); a
 * household not at home still needs another visit.
 */
export function donePercent(c: Pick<CoverageCounts, 'total' | 'visited' | 'refused'>): number {
  return c.total ? Math.round(((c.visited + c.refused) / c.total) * 1000) / 10 : 0;
}
