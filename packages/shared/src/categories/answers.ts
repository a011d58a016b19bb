/**
 * Answers to a category's extra questions (Open311 attributes), checked against the questions: required ones
 * present, each value of its datatype, list values among the options, no unknown codes. Pure: the server calls
 * it on intake, the web form can call it before submitting.
 */
import type { CategoryQuestion } from './categories.schema.js';

export type AnswerValue = string | number | boolean | string[];
export type Answers = Record<string, AnswerValue>;

export interface AnswerIssue {
  code: string;
  reason: 'required' | 'unknown' | 'type' | 'option' | 'too_long';
  message: string;
}

const STRING_MAX = 200;
const TEXT_MAX = 1000;
// A date, or a date-time with an optional offset (Open311 sends W3C/ISO 8601).
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const isBlank = (v: unknown) =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

type Checked = { value: AnswerValue } | { issue: Omit<AnswerIssue, 'code'> };

function checkOne(q: CategoryQuestion, raw: AnswerValue): Checked {
  const keys = new Set((q.values ?? []).map((v) => v.key));
  const typeIssue = (message: string): Checked => ({ issue: { reason: 'type', message } });
  switch (q.datatype) {
    case 'string':
    case 'text': {
      if (typeof raw !== 'string') return typeIssue('应为文本');
      const s = raw.trim();
      const max = q.datatype === 'string' ? STRING_MAX : TEXT_MAX;
      if (s.length > max) return { issue: { reason: 'too_long', message: `不超过 ${max} 字` } };
      return { value: s };
    }
    case 'number': {
      // Form posts carry numbers as strings; accept a plain decimal string too.
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim())
            ? Number(raw)
            : NaN;
      return Number.isFinite(n) ? { value: n } : typeIssue('应为数字');
    }
    case 'datetime': {
      if (typeof raw !== 'string' || !DATETIME_RE.test(raw.trim()) || Number.isNaN(Date.parse(raw.trim())))
        return typeIssue('应为日期时间（ISO 8601）');
      return { value: raw.trim() };
    }
    case 'singlevaluelist': {
      if (typeof raw !== 'string') return typeIssue('应为一个选项');
      return keys.has(raw) ? { value: raw } : { issue: { reason: 'option', message: '不是可选项' } };
    }
    case 'multivaluelist': {
      const list = typeof raw === 'string' ? [raw] : raw;
      if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) return typeIssue('应为选项列表');
      if (list.some((x) => !keys.has(x))) return { issue: { reason: 'option', message: '含有不可选的选项' } };
      return { value: [...new Set(list)] };
    }
  }
}

/**
 * `answers` against `questions`: the normalised answers (trimmed, numbers parsed, blanks of optional questions
 * dropped) and the issues, one per offending code. No issues ⇒ valid.
 */
export function validateAnswers(
  questions: readonly CategoryQuestion[],
  answers: Answers | undefined | null,
): { answers: Answers; issues: AnswerIssue[] } {
  const given = answers ?? {};
  const byCode = new Map(questions.map((q) => [q.code, q]));
  const out: Answers = {};
  const issues: AnswerIssue[] = [];
  for (const code of Object.keys(given)) {
    if (!byCode.has(code)) issues.push({ code, reason: 'unknown', message: '该分类没有这个问题' });
  }
  for (const q of [...questions].sort((a, b) => a.order - b.order)) {
    const raw = given[q.code];
    if (isBlank(raw)) {
      if (q.required) issues.push({ code: q.code, reason: 'required', message: `请填写：${q.description}` });
      continue;
    }
    const r = checkOne(q, raw as AnswerValue);
    if ('issue' in r) issues.push({ code: q.code, ...r.issue });
    else out[q.code] = r.value;
  }
  return { answers: out, issues };
}
