import { useState, type HTMLAttributes } from 'react';
import { Badge, Button, Card, Drawer, Empty, Grid, Input, List, Space, Table, Tag, Typography } from 'antd';
import { FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useI18n } from '../../i18n';
import { useMe } from '../../auth';
import { isSupervisor } from '../../roles';
import { FILTER_KEYS, useSupervisionList, type Supervision, type SupervisionFilters } from './queries';
import { LightTag } from './parts';
import { ExportButton, FilterFields, LightCounts } from './register-controls';
import { ViewLinks } from './views/ViewLinks';
import { SettingsButton } from './SettingsButton';

type FilterKey = (typeof FILTER_KEYS)[number];

/** The light of a row; a closed item has none and says it is closed. */
function RowLight({ light }: { light: Supervision['light'] }) {
  const { t } = useI18n();
  return light ? <LightTag light={light} /> : <Tag data-testid="light">{t('supervision.light.closed')}</Tag>;
}

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
        <RowLight light={r.light} />
      </Space>
    </Space>
  );
}

/**
 * 督办登记簿: the items the reader may read (the server filters: the 督查室, the units and the leader concerned),
 * filtered by 来源, 类别, 承办单位, 责任领导, 灯号, 状态, dates and words (in the address, so Back restores a view),
 * with the counts by light, more on demand, and its export.
 */
export function SupervisionListPage() {
  const { t, tv } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const [drawer, setDrawer] = useState(false);
  const filters: SupervisionFilters = Object.fromEntries(
    FILTER_KEYS.flatMap((k) => (search.get(k) ? [[k, search.get(k)!]] : [])),
  );
  const set = (changes: Partial<Record<FilterKey, string | undefined>>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setSearch(next);
  };
  const list = useSupervisionList(filters);
  const loading = list.res.isLoading;
  const mobile = Grid.useBreakpoint().md === false;
  const empty = loading ? <span /> : <Empty description={t('workbench.empty')} />;
  // The light and the words have their own controls; the rest sit in the bar or the drawer.
  const f = filters;
  const fieldCount = [
    f.source,
    f.category,
    f.unitId,
    f.leaderId,
    f.state,
    f.openedFrom ?? f.openedTo,
    f.dueFrom ?? f.dueTo,
  ].filter(Boolean).length;
  const searchBox = (
    <Input.Search
      key={filters.q ?? ''}
      allowClear
      aria-label={t('supervision.filter.search')}
      placeholder={t('supervision.filter.search')}
      defaultValue={filters.q}
      onSearch={(v) => set({ q: v.trim() || undefined })}
      style={{ width: mobile ? '100%' : 260 }}
    />
  );
  // On a phone the header has room for the title and 立项 only: the other views lead the page.
  return (
    <Card
      title={t('supervision.list.title')}
      extra={
        <Space size={8}>
          {!mobile && <ViewLinks current="register" />}
          {isSupervisor(me) && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/supervision/new')}
              data-testid="supervision-new"
            >
              {t('supervision.create.title')}
            </Button>
          )}
        </Space>
      }
    >
      <Space orientation="vertical" size={8} style={{ width: '100%', marginBottom: 12 }}>
        {mobile && <ViewLinks current="register" />}
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
          {searchBox}
          {mobile && (
            <Badge count={fieldCount} size="small">
              <Button icon={<FilterOutlined />} onClick={() => setDrawer(true)} data-testid="register-filters">
                {t('register.filters')}
              </Button>
            </Badge>
          )}
          <ExportButton filters={filters} />
          {isSupervisor(me) && <SettingsButton />}
          {FILTER_KEYS.some((k) => filters[k]) && (
            <Button type="link" onClick={() => setSearch(new URLSearchParams())}>
              {t('register.reset')}
            </Button>
          )}
        </div>
        {!mobile && <FilterFields filters={filters} set={set} stacked={false} />}
        <LightCounts byLight={list.byLight} value={filters.light} onChange={(light) => set({ light })} />
        {list.total !== undefined && (
          <Typography.Text type="secondary" data-testid="register-count">
            {t('register.shown', { shown: list.rows.length, total: list.total })}
          </Typography.Text>
        )}
      </Space>
      {mobile && (
        <Drawer open={drawer} onClose={() => setDrawer(false)} placement="bottom" size="large" title={t('register.filters')}>
          <FilterFields filters={filters} set={set} stacked />
        </Drawer>
      )}
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
          scroll={{ x: 1060 }}
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
            { title: t('supervision.field.openedOn'), dataIndex: 'openedOn', width: 100 },
            { title: t('supervision.field.dueDate'), dataIndex: 'dueDate', width: 100 },
            {
              title: t('supervision.field.light'),
              dataIndex: 'light',
              width: 80,
              render: (l: Supervision['light']) => <RowLight light={l} />,
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
