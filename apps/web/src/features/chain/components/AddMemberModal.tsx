/** "添加责任人": level (limited to what the area kind takes), a person found by search, duty labels. */
import type { ChainLevel } from '@grassroots/shared/auth/roles';
import { dutyLabels } from '@grassroots/shared/auth/roles';
import { chainLevelLabels } from '@grassroots/shared/chain/chain.rules';
import { Form, Select } from 'antd';
import { useMemo } from 'react';
import { FormModal } from '../../../components/FormModal';
import { api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { lookupAccounts, useChainMutation } from '../api';
import { RemoteSelect } from './RemoteSelect';

interface Values {
  level: ChainLevel;
  accountId: string;
  dutyLabels: string[];
}

export function AddMemberModal(props: { areaId: string; levels: ChainLevel[]; open: boolean; onClose: () => void }) {
  const { t, tl } = useI18n();
  const [form] = Form.useForm<Values>();
  const { levels } = props;
  const first = levels[0];
  const values = useMemo(() => ({ level: first, dutyLabels: [] }), [first]);
  const add = useChainMutation((v: Values) => api.post(`/api/chain/areas/${props.areaId}/members`, v));
  const close = () => {
    form.resetFields();
    add.reset();
    props.onClose();
  };
  return (
    <FormModal
      open={props.open}
      title={t('添加责任人', 'Add a responsible person')}
      okText={t('添加', 'Add')}
      form={form}
      values={values}
      onSave={add.mutateAsync}
      saving={add.isPending}
      done={t('已添加', 'Added')}
      onClose={close}
      error={add.error}
    >
      <Form.Item name="level" label={t('层级', 'Level')} rules={[{ required: true }]}>
        <Select options={levels.map((l) => ({ value: l, label: tl(chainLevelLabels[l]) }))} />
      </Form.Item>
      <Form.Item
        name="accountId"
        label={t('人员', 'Person')}
        rules={[{ required: true, message: t('请选择人员', 'Choose a person') }]}
      >
        <RemoteSelect
          queryKey={['accounts', 'lookup']}
          search={lookupAccounts}
          toOption={(a) => ({
            value: a.id,
            label: `${a.displayName}（${a.username}）${a.dutyPhone ? ` · ${a.dutyPhone}` : ''}`,
          })}
          placeholder={t('输入姓名或用户名搜索', 'Search by name or username')}
        />
      </Form.Item>
      <Form.Item name="dutyLabels" label={t('职责标签', 'Duty labels')}>
        <Select mode="multiple" options={dutyLabels.map((l) => ({ value: l, label: l }))} />
      </Form.Item>
    </FormModal>
  );
}

/** Edit the duty labels of one assignment. */
export function EditLabelsModal(props: {
  grantId: string | null;
  labels: string[];
  name: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ dutyLabels: string[] }>();
  const values = useMemo(() => ({ dutyLabels: props.labels }), [props.labels]);
  const save = useChainMutation((v: { dutyLabels: string[] }) => api.patch(`/api/chain/members/${props.grantId}`, v));
  return (
    <FormModal
      open={!!props.grantId}
      title={t(`修改职责标签 · ${props.name}`, `Duty labels · ${props.name}`)}
      form={form}
      values={values}
      onSave={save.mutateAsync}
      saving={save.isPending}
      onClose={props.onClose}
      error={save.error}
    >
      <Form.Item name="dutyLabels" label={t('职责标签', 'Duty labels')}>
        <Select mode="multiple" options={dutyLabels.map((l) => ({ value: l, label: l }))} />
      </Form.Item>
    </FormModal>
  );
}
