import { Alert, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../../i18n';
import { LightTag } from '../parts';
import { useSupervisionLeader, type LeaderRow } from './queries';
import { ViewLinks } from './ViewLinks';

/** One item for its leader: what it is and where it stands, the lead unit's latest report, the result sent back. */
function LeaderCard({ row: r }: { row: LeaderRow }) {
  const { t, tv } = useI18n();
  const label = (k: Parameters<typeof t>[0], value: string) => t('register.labelValue', { label: t(k), value });
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%', minWidth: 0 }}>
      <Space size={4} wrap>
        {r.readable ? (
          <Link to={`/supervision/${r.itemId}`} style={{ overflowWrap: 'anywhere' }}>
            {r.title}
          </Link>
        ) : (
          <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
            {r.title}
          </Typography.Text>
        )}
        {r.instructed && <Tag color="purple">{t('supervision.leader.instructed')}</Tag>}
        {r.responsible && <Tag color="geekblue">{t('supervision.leader.responsible')}</Tag>}
      </Space>
      <Typography.Text type="secondary">{[r.registryNo, tv(r.state)].join(' · ')}</Typography.Text>
      <Typography.Text type="secondary">{label('supervision.field.leadUnit', r.leadUnit.name)}</Typography.Text>
      <Space size={8} wrap>
        <span>{label('supervision.field.dueDate', r.dueDate)}</span>
        {r.light ? <LightTag light={r.light} /> : <Tag>{t('supervision.light.closed')}</Tag>}
      </Space>
      <div style={{ background: 'rgba(0,0,0,0.03)', borderRadius: 6, padding: '6px 8px', overflowWrap: 'anywhere' }}>
        {r.lastReport ? (
          <>
            <Typography.Text type="secondary">{t('supervision.leader.lastReport', { date: r.lastReport.date })}</Typography.Text>
            <div data-testid="leader-report">{r.lastReport.text}</div>
          </>
        ) : (
          <Typography.Text type="secondary">{t('supervision.leader.noReport')}</Typography.Text>
        )}
      </div>
      {r.resultSent && (
        <Tag color={r.resultRead ? 'success' : 'processing'} data-testid="leader-result">
          {t(r.resultRead ? 'supervision.leader.resultRead' : 'supervision.leader.resultSent')}
        </Tag>
      )}
    </Space>
  );
}

/**
 * 领导督办页: everything from the leader's 批示 and in their charge, and where each stands (issue 16 §6) — open items
 * first, soonest due first, with the counts by light.
 */
export function LeaderPage() {
  const { t, te } = useI18n();
  const page = useSupervisionLeader();
  const counts = page.data?.counts;
  return (
    <Card title={t('supervision.leader.title')}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <ViewLinks current="leader" />
        {counts && (
          <Space size={4} wrap data-testid="leader-counts">
            {(['red', 'yellow', 'green'] as const).map((l) => (
              <Tag key={l} color={{ red: 'error', yellow: 'warning', green: 'success' }[l]}>
                {t('supervision.lights.count', { light: t(`supervision.light.${l}`), n: counts[l] })}
              </Tag>
            ))}
            <Tag>{t('supervision.lights.count', { light: t('supervision.light.closed'), n: counts.closed })}</Tag>
          </Space>
        )}
        {page.isError && <Alert type="error" showIcon message={te(page.error)} />}
        <List
          className="zs-card-list"
          loading={page.isLoading}
          dataSource={page.data?.items ?? []}
          locale={{ emptyText: page.isLoading ? <span /> : <Empty description={t('workbench.empty')} /> }}
          renderItem={(r) => (
            <List.Item data-testid="leader-row">
              <LeaderCard row={r} />
            </List.Item>
          )}
        />
      </Space>
    </Card>
  );
}
