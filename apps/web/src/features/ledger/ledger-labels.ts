/**
 * Pure display rules of the ledger screens: tag, age-group, gender and relation labels in the UI language,
 * the tag choices of the filters (open and sensitive kept apart), and the order count columns appear in.
 */
import {
  type AgeGroup,
  ageGroupLabels,
  ageGroups,
  allHouseholdTags,
  type Gender,
  genderLabels,
  isSensitiveTag,
  openPersonTags,
  type Relation,
  relationLabels,
  sensitiveHouseholdTags,
  sensitivePersonTags,
  tagLabelsEn,
} from '@grassroots/shared/ledger/ledger.rules';
import { householdTags } from '@grassroots/shared/places/places.rules';

export type Locale = 'zh-CN' | 'en';

/** A tag in the UI language; tags a deployment added itself have no English label and are shown as they are. */
export const tagLabel = (tag: string, locale: Locale) => (locale === 'en' ? (tagLabelsEn[tag] ?? tag) : tag);

export const ageGroupLabel = (g: string | null | undefined, locale: Locale) =>
  g && g in ageGroupLabels ? ageGroupLabels[g as AgeGroup][locale] : '—';

export const genderLabel = (g: string | null | undefined, locale: Locale) =>
  g && g in genderLabels ? genderLabels[g as Gender][locale] : '—';

export const relationLabel = (r: string | null | undefined, locale: Locale) =>
  r && r in relationLabels ? relationLabels[r as Relation][locale] : (r ?? '—');

interface Option {
  value: string;
  label: string;
}
interface OptionGroup {
  label: string;
  options: Option[];
}

/** Grouped Select options: the open tags, then the sensitive ones (filtering by them is allowed, listing is not). */
export function tagOptions(open: readonly string[], sensitive: readonly string[], locale: Locale): OptionGroup[] {
  const opt = (tag: string) => ({ value: tag, label: tagLabel(tag, locale) });
  return [
    { label: locale === 'en' ? 'Tags' : '普通标签', options: open.map(opt) },
    { label: locale === 'en' ? 'Sensitive tags' : '敏感标签', options: sensitive.map(opt) },
  ];
}

export const householdTagOptions = (locale: Locale) => tagOptions(householdTags, sensitiveHouseholdTags, locale);
export const personTagOptions = (locale: Locale) => tagOptions(openPersonTags, sensitivePersonTags, locale);

export const ageGroupOptions = (locale: Locale) =>
  ageGroups.map((g) => ({ value: g, label: ageGroupLabels[g][locale] }));

/** Known tags in vocabulary order (persons' first, then households'), then any other key alphabetically. */
export function orderCountKeys(keys: Iterable<string>, by: 'tag' | 'ageGroup'): string[] {
  const present = new Set(keys);
  const known: readonly string[] =
    by === 'ageGroup'
      ? ageGroups
      : [...new Set<string>([...openPersonTags, ...sensitivePersonTags, ...allHouseholdTags])];
  const first = known.filter((k) => present.has(k));
  const rest = [...present].filter((k) => !known.includes(k)).sort();
  return [...first, ...rest];
}

export { isSensitiveTag };
