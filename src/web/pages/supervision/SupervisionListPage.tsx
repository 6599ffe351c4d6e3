import type { HTMLAttributes } from 'react';
import { Button, Card, Empty, Grid, List, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useI18n } from '../../i18n';
import { useMe } from '../../auth';
import { isSupervisor } from '../../roles';
import { UnitSearchSelect } from '../../components/UnitSearchSelect';
import { useSupervisionList, type Supervision, type SupervisionFilters } from './queries';
import { CATEGORY_KEYS, LightTag, SOURCE_KEYS } from './parts';

const FILTER_KEYS = ['source', 'category', 'unitId'] as const;

/** One item on a phone: the item and its tags, then number, source and state, the units and the due date. */
function RowCard({ row: r }: { row: Supervision }) {
  const { t, tv } = useI18n();
  const units = [r.leadUnit, ...r.assistingUnits].map((u) => u.name).join(t('common.sep'));
  return (
    <Space orientation="vertical" size={2} style={{ width: '100%' }}>
      <Space size={4} wrap>
        <Link to={`/supervision/${r.itemId}`}>{r.title}</Link>
        {r.category === 'key' && <Tag color="volcano">{t('supervision.category.key')}</Tag>}
      </Space>
      <Typography.Text type="secondary">{[r.registryNo, r.sourceName, tv(r.state)].join(' · ')}</Typography.Text>
      <Typography.Text type="secondary">
        {t('register.labelValue', { label: t('supervision.filter.unit'), value: units })}
      </Typography.Text>
      {r.leader && (
        <Typography.Text type="secondary">
          {t('register.labelValue', { label: t('supervision.field.leader'), value: r.leader.name })}
        </Typography.Text>
      )}
      <Space size={8} wrap>
        <span>{t('register.labelValue', { label: t('supervision.field.dueDate'), value: r.dueDate })}</span>
        <LightTag light={r.light} />
      </Space>
    </Space>
  );
}

/**
 * 督办登记簿: the items the reader may read (the server filters: the 督查室, the units and the leader concerned),
 * filtered by 来源, 类别 and 承办单位 (in the address, so Back restores a view), more on demand.
 */
export function SupervisionListPage() {
  const { t, tv } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const filters: SupervisionFilters = Object.fromEntries(
    FILTER_KEYS.flatMap((k) => (search.get(k) ? [[k, search.get(k)!]] : [])),
  );
  const set = (k: (typeof FILTER_KEYS)[number], v: string | undefined) => {
    const next = new URLSearchParams(search);
    if (v) next.set(k, v);
    else next.delete(k);
    setSearch(next);
  };
  const list = useSupervisionList(filters);
  const loading = list.res.isLoading;
  const mobile = Grid.useBreakpoint().md === false;
  const empty = loading ? <span /> : <Empty description={t('workbench.empty')} />;
  return (
    <Card
      title={t('supervision.list.title')}
      extra={
        isSupervisor(me) && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => navigate('/supervision/new')}
            data-testid="supervision-new"
          >
            {t('supervision.create.title')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16, width: '100%' }}>
        <Select
          allowClear
          aria-label={t('supervision.field.source')}
          placeholder={t('supervision.field.source')}
          value={filters.source}
          onChange={(v?: string) => set('source', v)}
          style={{ width: 200, maxWidth: '100%' }}
          options={SOURCE_KEYS.map((k) => ({ value: k, label: t(`supervision.source.${k}`) }))}
        />
        <Select
          allowClear
          aria-label={t('supervision.field.category')}
          placeholder={t('supervision.field.category')}
          value={filters.category}
          onChange={(v?: string) => set('category', v)}
          style={{ width: 120 }}
          options={CATEGORY_KEYS.map((k) => ({ value: k, label: t(`supervision.category.${k}`) }))}
        />
        <UnitSearchSelect
          allowClear
          withDisabled
          aria-label={t('supervision.filter.unit')}
          placeholder={t('supervision.filter.unit')}
          value={filters.unitId ? [filters.unitId] : []}
          onChange={(ids) => set('unitId', ids[0])}
          style={{ width: 260, maxWidth: '100%' }}
        />
      </Space>
      {mobile ? (
        <List
          className="zs-card-list"
          dataSource={list.rows}
          loading={loading}
          locale={{ emptyText: empty }}
          renderItem={(r) => (
            <List.Item data-testid="supervision-row">
              <RowCard row={r} />
            </List.Item>
          )}
        />
      ) : (
        <Table<Supervision>
          rowKey="itemId"
          size="middle"
          loading={loading}
          dataSource={list.rows}
          locale={{ emptyText: empty }}
          pagination={false}
          scroll={{ x: 960 }}
          onRow={() => ({ 'data-testid': 'supervision-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('supervision.field.registryNo'), dataIndex: 'registryNo', width: 120 },
            {
              title: t('supervision.field.title'),
              dataIndex: 'title',
              render: (v: string, r) => (
                <Space size={4} wrap>
                  <Link to={`/supervision/${r.itemId}`}>{v}</Link>
                  {r.category === 'key' && <Tag color="volcano">{t('supervision.category.key')}</Tag>}
                </Space>
              ),
            },
            { title: t('supervision.field.source'), dataIndex: 'sourceName', width: 110 },
            { title: t('supervision.field.leadUnit'), dataIndex: ['leadUnit', 'name'], width: 150 },
            {
              title: t('supervision.field.assistingUnits'),
              dataIndex: 'assistingUnits',
              width: 150,
              render: (us: Supervision['assistingUnits']) => us.map((u) => u.name).join(t('common.sep')),
            },
            {
              title: t('supervision.field.leader'),
              dataIndex: 'leader',
              width: 80,
              render: (l: Supervision['leader']) => l?.name,
            },
            { title: t('supervision.field.dueDate'), dataIndex: 'dueDate', width: 100 },
            {
              title: t('supervision.field.light'),
              dataIndex: 'light',
              width: 70,
              render: (l: Supervision['light']) => <LightTag light={l} />,
            },
            { title: t('supervision.field.state'), dataIndex: 'state', width: 80, render: (s: string) => tv(s) },
          ]}
        />
      )}
      {list.res.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => list.res.fetchNextPage()} loading={list.res.isFetchingNextPage} data-testid="register-more">
            {t('register.loadMore')}
          </Button>
        </div>
      )}
      {list.res.isError && <Typography.Text type="danger">{t('workbench.loadFailed')}</Typography.Text>}
    </Card>
  );
}
