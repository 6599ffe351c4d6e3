import { useState } from 'react';
import { Space, Switch, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../api/client';
import type { Page, TokenOfPerson } from '../api/types';
import { useI18n } from '../i18n';
import { RevokeButton, ScopeTags, TokenStatusTag, useLastUsed, when } from '../components/tokens';
import { CursorPager, ResponsiveList, useCursorPager } from './lists';
import { PersonSelect, type PersonChoice } from './pickers';
import { useAction } from './queries';

const KEY = ['admin', 'api-tokens'] as const;
const PAGE = 20;

/** API 令牌: every person's tokens for the security administrator, who revokes any of them. */
export function ApiTokens() {
  const { t } = useI18n();
  const [person, setPerson] = useState<PersonChoice | null>(null);
  const [activeOnly, setActiveOnly] = useState(true);
  const pager = useCursorPager();
  const query = { personId: person?.value, active: activeOnly, cursor: pager.cursor, limit: PAGE };
  const list = useQuery({
    queryKey: [...KEY, query],
    queryFn: () => api.get<Page<TokenOfPerson>>(`/admin/api-tokens${qs(query)}`),
    placeholderData: (prev) => prev,
  });
  const revoke = useAction((tok: TokenOfPerson) => api.delete(`/admin/api-tokens/${tok.id}`), {
    invalidate: [KEY],
    success: t('tokens.revoked'),
  });
  const lastUsed = useLastUsed();
  const owner = (tok: TokenOfPerson) => `${tok.ownerName}${t('common.paren', { x: tok.username })}`;
  const action = (tok: TokenOfPerson) => <RevokeButton token={tok} onRevoke={() => revoke.mutateAsync(tok)} />;
  const dates = (tok: TokenOfPerson) =>
    [
      `${t('tokens.createdAt')} ${when(tok.createdAt)}`,
      `${t('tokens.expiresAt')} ${when(tok.expiresAt)}`,
      `${t('tokens.lastUsedAt')} ${lastUsed(tok)}`,
    ].join(' · ');

  return (
    <>
      <Typography.Paragraph type="secondary">{t('tokens.adminHint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <div style={{ minWidth: 240, maxWidth: 360 }}>
          <PersonSelect allowClear value={person} onChange={(p) => (setPerson(p), pager.reset())} aria-label={t('tokens.filterPerson')} />
        </div>
        <Space size={6}>
          <Switch
            checked={activeOnly}
            onChange={(v) => (setActiveOnly(v), pager.reset())}
            aria-label={t('tokens.activeOnly')}
            data-testid="tokens-active-only"
          />
          <Typography.Text>{t('tokens.activeOnly')}</Typography.Text>
        </Space>
      </Space>
      <ResponsiveList<TokenOfPerson>
        rows={list.data?.items ?? []}
        rowKey={(tok) => tok.id}
        loading={list.isLoading}
        empty={t('tokens.none')}
        testId="admin-token-row"
        columns={[
          { title: t('tokens.owner'), key: 'owner', width: 150, render: (_, tok) => owner(tok) },
          { title: t('tokens.name'), dataIndex: 'name', width: 140 },
          { title: t('tokens.scope'), key: 'scope', render: (_, tok) => <ScopeTags scope={tok.scope} /> },
          { title: t('tokens.createdAt'), key: 'created', width: 140, render: (_, tok) => when(tok.createdAt) },
          { title: t('tokens.expiresAt'), key: 'expires', width: 140, render: (_, tok) => when(tok.expiresAt) },
          { title: t('tokens.lastUsedAt'), key: 'used', width: 140, render: (_, tok) => lastUsed(tok) },
          { title: t('tokens.status'), key: 'status', width: 140, render: (_, tok) => <TokenStatusTag token={tok} /> },
          { title: t('admin.actions'), key: 'actions', width: 90, render: (_, tok) => action(tok) },
        ]}
        card={(tok) => ({
          title: `${owner(tok)} · ${tok.name}`,
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
      <CursorPager pager={pager} nextCursor={list.data?.nextCursor} />
    </>
  );
}
