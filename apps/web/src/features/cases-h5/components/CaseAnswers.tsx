/** The answers to the category's extra questions, labelled by the questions (list keys shown as their names). */
import type { CaseView } from '@grassroots/shared/cases/cases.schema';
import { Descriptions } from 'antd';
import { useCaseCategories } from '../../../components/case/use-case-categories';
import { formatDateTime } from '../../../lib/format';

export function CaseAnswers({ c }: { c: Pick<CaseView, 'categoryId' | 'answers'> }) {
  const { byId } = useCaseCategories();
  const questions = byId.get(c.categoryId)?.node.questions ?? [];
  const answers = c.answers ?? {};
  const items = [...questions]
    .sort((a, b) => a.order - b.order)
    .filter((q) => answers[q.code] !== undefined)
    .map((q) => {
      const v = answers[q.code]!;
      const name = (k: string) => q.values?.find((x) => x.key === k)?.name ?? k;
      const text = Array.isArray(v)
        ? v.map(name).join('、')
        : q.datatype === 'singlevaluelist'
          ? name(String(v))
          : q.datatype === 'datetime'
            ? formatDateTime(String(v))
            : String(v);
      return { key: q.code, label: q.description, children: text };
    });
  if (!items.length) return null;
  return <Descriptions column={1} size="small" items={items} style={{ marginBottom: 12 }} />;
}
