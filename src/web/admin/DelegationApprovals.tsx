import dayjs from 'dayjs';
import { Button, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Delegation } from '../api/types';
import { useI18n, type MessageKey } from '../i18n';
import { ResponsiveList } from './lists';
import { keys, useAction } from './queries';
import { statusOf } from './DelegationsPage';

/** 跨单位代理审批: the security administrator approves or refuses delegations that cross units. */
export function DelegationApprovals() {
  const { t } = useI18n();
  const list = useQuery({ queryKey: keys.delegations, queryFn: () => api.get<{ items: Delegation[] }>('/delegations') });
  const approve = useAction((d: Delegation) => api.post(`/delegations/${d.id}/approve`), { invalidate: [keys.delegations], success: t('admin.delegations.approved') });
  const refuse = useAction((d: Delegation) => api.post(`/delegations/${d.id}/refuse`), { invalidate: [keys.delegations], success: t('admin.delegations.refusedDone') });
  const now = dayjs();
  const period = (d: Delegation) => `${dayjs(d.startsAt).format('YYYY-MM-DD')} ~ ${dayjs(d.endsAt).format('YYYY-MM-DD')}`;
  const status = (d: Delegation) => <Tag data-testid="delegation-status">{t(`admin.delegations.status.${statusOf(d, now)}` as MessageKey)}</Tag>;
  const actions = (d: Delegation) =>
    statusOf(d, now) === 'pending' ? (
      <Space wrap>
        <Button size="small" type="primary" onClick={() => approve.mutate(d)} loading={approve.isPending} data-testid="delegation-approve">
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
      <ResponsiveList<Delegation>
        rows={list.data?.items ?? []}
        rowKey={(d) => d.id}
        loading={list.isLoading}
        empty={t('admin.delegations.none')}
        testId="delegation-row"
        columns={[
          { title: t('admin.delegations.from'), dataIndex: 'fromName', width: 100 },
          { title: t('admin.delegations.to'), dataIndex: 'toName', width: 100 },
          { title: t('admin.delegations.period'), key: 'period', width: 200, render: (_, d) => period(d) },
          { title: t('admin.delegations.reason'), dataIndex: 'reason' },
          { title: t('admin.delegations.statusTitle'), key: 'status', width: 100, render: (_, d) => status(d) },
          { title: t('admin.actions'), key: 'actions', width: 150, render: (_, d) => actions(d) },
        ]}
        card={(d) => ({
          title: (
            <Space size={8} wrap>
              {t('admin.delegations.arrow', { from: d.fromName, to: d.toName })}
              {status(d)}
            </Space>
          ),
          body: (
            <>
              <Typography.Text type="secondary">{period(d)}</Typography.Text>
              <Typography.Text>{d.reason}</Typography.Text>
              {actions(d)}
            </>
          ),
        })}
      />
    </>
  );
}
