import { useState } from 'react';
import { Space, Switch, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../api/client';
import type { Page, TokenOfPerson } from '../api/types';
import { useI18n } from '../i18n';
import { RevokeButton, TokenList } from '../components/tokens';
import { CursorPager, useCursorPager } from './lists';
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
  const owner = (tok: TokenOfPerson) => `${tok.ownerName}${t('common.paren', { x: tok.username })}`;
  const action = (tok: TokenOfPerson) => <RevokeButton token={tok} onRevoke={() => revoke.mutateAsync(tok)} />;

  return (
    <>
      <Typography.Paragraph type="secondary">{t('tokens.adminHint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <div style={{ minWidth: 240, maxWidth: 360 }}>
          <PersonSelect
            allowClear
            value={person}
            onChange={(p) => (setPerson(p), pager.reset())}
            aria-label={t('tokens.filterPerson')}
          />
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
      <TokenList rows={list.data?.items ?? []} loading={list.isLoading} testId="admin-token-row" owner={owner} action={action} />
      <CursorPager pager={pager} nextCursor={list.data?.nextCursor} />
    </>
  );
}
