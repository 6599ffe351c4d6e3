import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { ApiToken, CreatedToken } from '../api/types';
import { useI18n } from '../i18n';
import { BUILT_MODULES } from '../modules';
import { MODULES, type ModuleKey } from '../../contract/workbench';
import { READ_ONLY_TOKEN_AREAS, TOKEN_AREAS, TOKEN_MAX_DAYS, type TokenArea, type TokenScope } from '../../contract/auth';
import { FormModal, useDialogs, type DialogProps } from '../admin/dialogs';
import { useAction } from '../admin/queries';
import { RevokeButton, TokenList, useAreaLabel } from '../components/tokens';

const TOKENS_KEY = ['me', 'tokens'] as const;
const DAY_CHOICES = [7, 30, 90, 180, TOKEN_MAX_DAYS];
type Level = 'none' | 'read' | 'write';

/** The areas offered: the kernel's and the modules this build has pages for (the API takes every module). */
const OFFERED = TOKEN_AREAS.filter((a) => !(MODULES as readonly string[]).includes(a) || BUILT_MODULES.includes(a as ModuleKey));

/** One line per area — none, read, or read and write — kept as the list of scopes the server takes. */
function ScopeInput({ value = [], onChange }: { value?: TokenScope[]; onChange?: (v: TokenScope[]) => void }) {
  const { t } = useI18n();
  const areaLabel = useAreaLabel();
  const levelOf = (a: TokenArea): Level =>
    value.includes(`${a}:write`) ? 'write' : value.includes(`${a}:read`) ? 'read' : 'none';
  const set = (a: TokenArea, level: Level) => {
    const rest = value.filter((s) => !s.startsWith(`${a}:`));
    onChange?.(level === 'none' ? rest : [...rest, `${a}:${level}`]);
  };
  return (
    <Space orientation="vertical" size={6} style={{ width: '100%' }}>
      {OFFERED.map((a) => (
        <div key={a} style={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 8 }}>
          <Typography.Text style={{ minWidth: 84 }}>{areaLabel(a)}</Typography.Text>
          <Radio.Group
            size="small"
            optionType="button"
            aria-label={areaLabel(a)}
            data-testid={`scope-${a}`}
            value={levelOf(a)}
            onChange={(e) => set(a, e.target.value as Level)}
            options={(['none', 'read', 'write'] as const)
              .filter((l) => l !== 'write' || !READ_ONLY_TOKEN_AREAS.includes(a))
              .map((l) => ({ value: l, label: t(`tokens.level.${l}`) }))}
          />
        </div>
      ))}
    </Space>
  );
}

interface Values {
  name: string;
  days: number;
  scope: TokenScope[];
}

function CreateTokenDialog({ dialog, onCreated }: { dialog: DialogProps; onCreated: (t: CreatedToken) => void }) {
  const { t, te } = useI18n();
  const create = useAction((v: Values) => api.post<CreatedToken>('/me/tokens', v), {
    invalidate: [TOKENS_KEY],
    toastErrors: false,
  });
  return (
    <FormModal
      {...dialog}
      title={t('tokens.create')}
      formName="token"
      okText={t('tokens.create')}
      busy={create.isPending}
      error={create.error ? te(create.error) : null}
    >
      <Typography.Paragraph type="secondary">{t('tokens.scopeHint')}</Typography.Paragraph>
      <Form<Values>
        name="token"
        layout="vertical"
        initialValues={{ days: 30, scope: [] }}
        onFinish={(v) => create.mutate(v, { onSuccess: (made) => (dialog.onClose(), onCreated(made)) })}
      >
        <Form.Item
          label={t('tokens.name')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('admin.required') }]}
        >
          <Input maxLength={100} placeholder={t('tokens.namePlaceholder')} />
        </Form.Item>
        <Form.Item label={t('tokens.days')} name="days" rules={[{ required: true, message: t('admin.required') }]}>
          <Select
            options={DAY_CHOICES.map((n) => ({ value: n, label: t('tokens.daysOption', { n }) }))}
            style={{ maxWidth: 160 }}
          />
        </Form.Item>
        <Form.Item
          label={t('tokens.scope')}
          name="scope"
          rules={[{ required: true, type: 'array', min: 1, message: t('tokens.scopeRequired') }]}
        >
          <ScopeInput />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

/** The new token, shown once: the server keeps only its hash and will never show it again. */
function ShownOnce({ token, onClose }: { token: CreatedToken | null; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal
      open={token !== null}
      title={t('tokens.created')}
      onCancel={onClose}
      maskClosable={false}
      // Out of the page once closed, not kept hidden in it.
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose}>
          {t('tokens.copied')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('tokens.shownOnce')} style={{ marginBottom: 12 }} />
      {token && (
        <Typography.Paragraph copyable={{ text: token.token }} code data-testid="new-token" style={{ wordBreak: 'break-all' }}>
          {token.token}
        </Typography.Paragraph>
      )}
    </Modal>
  );
}

/** 本人的 API 令牌: create with an end and a scope, see when each was last used, revoke. */
export function TokensPage() {
  const { t } = useI18n();
  const list = useQuery({
    queryKey: TOKENS_KEY,
    queryFn: () => api.get<{ items: ApiToken[] }>('/me/tokens'),
    select: (d) => d.items,
  });
  const dialogs = useDialogs<'create'>();
  const [made, setMade] = useState<CreatedToken | null>(null);
  const revoke = useAction((tok: ApiToken) => api.delete(`/me/tokens/${tok.id}`), {
    invalidate: [TOKENS_KEY],
    success: t('tokens.revoked'),
  });
  const action = (tok: ApiToken) => <RevokeButton token={tok} onRevoke={(x) => revoke.mutateAsync(x)} />;

  return (
    <Card
      title={t('tokens.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => dialogs.show('create')}>
          {t('tokens.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('tokens.intro')}</Typography.Paragraph>
      <TokenList rows={list.data ?? []} loading={list.isLoading} testId="token-row" action={action} />
      {dialogs.current && <CreateTokenDialog dialog={dialogs.props} onCreated={setMade} />}
      <ShownOnce token={made} onClose={() => setMade(null)} />
    </Card>
  );
}
