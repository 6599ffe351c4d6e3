import dayjs from 'dayjs';
import { App, Button, Space, Tag, Typography } from 'antd';
import { MODULES } from '../../contract/workbench';
import type { TokenArea } from '../../contract/auth';
import type { ReactNode } from 'react';
import type { ApiToken } from '../api/types';
import { ResponsiveList } from '../admin/lists';
import { useI18n, type MessageKey } from '../i18n';

/** An area as people name it: a module by its own name (收文), a kernel area from the token catalog. */
export function useAreaLabel() {
  const { t } = useI18n();
  return (area: string) =>
    t(((MODULES as readonly string[]).includes(area) ? `module.${area}` : `tokens.area.${area as TokenArea}`) as MessageKey);
}

/** `incoming:read` as 收文 · 只读. */
function ScopeTags({ scope }: { scope: string[] }) {
  const { t } = useI18n();
  const areaLabel = useAreaLabel();
  return (
    <Space size={[4, 4]} wrap data-testid="token-scope">
      {scope.map((s) => {
        const [area = '', level = ''] = s.split(':');
        return (
          <Tag key={s} color={level === 'write' ? 'orange' : undefined} style={{ marginInlineEnd: 0 }}>
            {`${areaLabel(area)} · ${t(`tokens.level.${level}` as MessageKey)}`}
          </Tag>
        );
      })}
    </Space>
  );
}

export type TokenStatus = 'active' | 'expired' | 'revoked';
const tokenStatusOf = (tok: ApiToken, now = dayjs()): TokenStatus =>
  tok.revokedAt ? 'revoked' : dayjs(tok.expiresAt).isAfter(now) ? 'active' : 'expired';

/** 有效 / 已过期 / 已吊销, with why it was revoked. */
function TokenStatusTag({ token }: { token: ApiToken }) {
  const { t } = useI18n();
  const status = tokenStatusOf(token);
  return (
    <Space size={4} wrap data-testid="token-status">
      <Tag color={status === 'active' ? 'green' : undefined} style={{ marginInlineEnd: 0 }}>
        {t(`tokens.status.${status}`)}
      </Tag>
      {token.revokedReason && <Typography.Text type="secondary">{t(`tokens.reason.${token.revokedReason}`)}</Typography.Text>}
    </Space>
  );
}

const when = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');

/** When a token was last used, or 未使用. */
function useLastUsed() {
  const { t } = useI18n();
  return (tok: ApiToken) => (tok.lastUsedAt ? when(tok.lastUsedAt) : t('tokens.neverUsed'));
}

/** 吊销, after a confirmation; only on a token that still works. */
export function RevokeButton({ token, onRevoke }: { token: ApiToken; onRevoke: (tok: ApiToken) => Promise<unknown> }) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  if (tokenStatusOf(token) !== 'active') return null;
  return (
    <Button
      size="small"
      danger
      data-testid="token-revoke"
      onClick={() =>
        modal.confirm({
          title: t('tokens.revokeConfirm', { name: token.name }),
          okText: t('tokens.revoke'),
          okButtonProps: { danger: true },
          cancelText: t('common.cancel'),
          onOk: () => onRevoke(token),
        })
      }
    >
      {t('tokens.revoke')}
    </Button>
  );
}

/**
 * Tokens as a table (cards on a phone): the owner's own list, and everyone's for the security administrator, who
 * also sees whose each is (`owner`).
 */
export function TokenList<T extends ApiToken>(props: {
  rows: T[];
  loading: boolean;
  testId: string;
  owner?: (tok: T) => string;
  action: (tok: T) => ReactNode;
}) {
  const { t } = useI18n();
  const lastUsed = useLastUsed();
  const { owner, action } = props;
  const dates = (tok: T) => `${t('tokens.expiresAt')} ${when(tok.expiresAt)} · ${t('tokens.lastUsedAt')} ${lastUsed(tok)}`;
  return (
    <ResponsiveList<T>
      rows={props.rows}
      rowKey={(tok) => tok.id}
      loading={props.loading}
      empty={t('tokens.none')}
      testId={props.testId}
      columns={[
        ...(owner ? [{ title: t('tokens.owner'), key: 'owner', width: 150, render: (_: unknown, tok: T) => owner(tok) }] : []),
        { title: t('tokens.name'), dataIndex: 'name', width: 150 },
        { title: t('tokens.scope'), key: 'scope', render: (_, tok) => <ScopeTags scope={tok.scope} /> },
        { title: t('tokens.createdAt'), key: 'created', width: 145, render: (_, tok) => when(tok.createdAt) },
        { title: t('tokens.expiresAt'), key: 'expires', width: 145, render: (_, tok) => when(tok.expiresAt) },
        { title: t('tokens.lastUsedAt'), key: 'used', width: 145, render: (_, tok) => lastUsed(tok) },
        { title: t('tokens.status'), key: 'status', width: 145, render: (_, tok) => <TokenStatusTag token={tok} /> },
        { title: t('admin.actions'), key: 'actions', width: 90, render: (_, tok) => action(tok) },
      ]}
      card={(tok) => ({
        title: owner ? `${owner(tok)} · ${tok.name}` : tok.name,
        body: (
          <>
            <TokenStatusTag token={tok} />
            <ScopeTags scope={tok.scope} />
            <Typography.Text type="secondary">{dates(tok)}</Typography.Text>
            {action(tok)}
          </>
        ),
      })}
    />
  );
}
