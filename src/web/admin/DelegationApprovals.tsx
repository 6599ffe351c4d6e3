import dayjs from 'dayjs';
import { Button, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Delegation } from '../api/types';
import { useI18n, type MessageKey } from '../i18n';
import { keys, useAction } from './queries';
import { DelegationList, statusOf } from './DelegationsPage';

/** 跨单位代理审批: the security administrator approves or refuses delegations that cross units. */
export function DelegationApprovals() {
  const { t } = useI18n();
  const list = useQuery({ queryKey: keys.delegations, queryFn: () => api.get<{ items: Delegation[] }>('/delegations') });
  const approve = useAction((d: Delegation) => api.post(`/delegations/${d.id}/approve`), {
    invalidate: [keys.delegations],
    success: t('admin.delegations.approved'),
  });
  const refuse = useAction((d: Delegation) => api.post(`/delegations/${d.id}/refuse`), {
    invalidate: [keys.delegations],
    success: t('admin.delegations.refusedDone'),
  });
  const now = dayjs();
  const status = (d: Delegation) => (
    <Tag data-testid="delegation-status">{t(`admin.delegations.status.${statusOf(d, now)}` as MessageKey)}</Tag>
  );
  const actions = (d: Delegation) =>
    statusOf(d, now) === 'pending' ? (
      <Space wrap>
        <Button
          size="small"
          type="primary"
          onClick={() => approve.mutate(d)}
          loading={approve.isPending}
          data-testid="delegation-approve"
        >
          {t('admin.delegations.approve')}
        </Button>
        <Button size="small" danger onClick={() => refuse.mutate(d)} loading={refuse.isPending} data-testid="delegation-refuse">
          {t('admin.delegations.refuse')}
        </Button>
      </Space>
    ) : null;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('admin.delegations.approvalsHint')}</Typography.Paragraph>
      <DelegationList rows={list.data?.items ?? []} loading={list.isLoading} status={status} action={actions} />
    </>
  );
}
