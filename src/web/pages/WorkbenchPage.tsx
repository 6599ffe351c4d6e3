import { useState, type HTMLAttributes } from 'react';
import { App, Button, Card, Checkbox, Empty, Grid, List, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { rowPath } from '../modules';
import { api } from '../api/client';
import { UNMARKED, URGENCIES } from '../../contract/common';
import { useI18n, type MessageKey } from '../i18n';
import { WORKBENCH_TABS, workbenchTabSchema, type WorkbenchRow, type WorkbenchTab } from '../../contract/workbench';
import { useWorkbenchList, useWorkbenchSummary, type WorkbenchParams } from './workbench-queries';
import { DeadlineStatus, isOverdue } from '../components/DeadlineStatus';
import { CalendarCoverageNotice } from '../components/calendar-coverage';

// Colours in the order of URGENCIES (特急, 加急, 平急, 特提).
const URGENCY_COLOR: Record<string, string> = Object.fromEntries(
  URGENCIES.map((u, i) => [u, ['red', 'orange', 'gold', 'magenta'][i]!]),
);
const PAGE_SIZE = 20;

function Deadline({ row }: { row: WorkbenchRow }) {
  const { t } = useI18n();
  const d = row.deadline;
  if (!d)
    return (
      <Typography.Text type="secondary">
        {row.completedAt ? row.completedAt.slice(0, 10) : t('workbench.noDeadline')}
      </Typography.Text>
    );
  return (
    <span>
      <span>{d.date}</span>
      <br />
      <DeadlineStatus deadline={d} />
    </span>
  );
}

/** The title, as a link to the item's page when its module has one. */
function RowTitle({ row }: { row: WorkbenchRow }) {
  const path = rowPath(row);
  return path ? (
    <Link to={path} style={{ fontWeight: 600 }}>
      {row.title}
    </Link>
  ) : (
    <Typography.Text strong>{row.title}</Typography.Text>
  );
}

function RowTags({ row }: { row: WorkbenchRow }) {
  const { t, tv } = useI18n();
  return (
    <Space size={4} wrap>
      {row.urgency && <Tag color={URGENCY_COLOR[row.urgency]}>{tv(row.urgency)}</Tag>}
      {row.classification !== UNMARKED && <Tag>{tv(row.classification)}</Tag>}
      {row.onBehalfOf && <Tag color="blue">{t('workbench.onBehalfOf', { name: row.onBehalfOf })}</Tag>}
      {row.remindCount > 0 && <Tag color="volcano">{t('workbench.reminded', { n: row.remindCount })}</Tag>}
    </Space>
  );
}

function ReadButton({ row }: { row: WorkbenchRow }) {
  const { t, te } = useI18n();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const m = useMutation({
    mutationFn: () => api.post(`/tasks/${row.id}/read`, { version: row.version }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['workbench'] }),
    onError: (e) => void message.error(te(e)),
  });
  return (
    <Button size="small" loading={m.isPending} onClick={() => m.mutate()}>
      {t('workbench.markRead')}
    </Button>
  );
}

/** 批量已阅: the 待阅 ticked, marked read in one go; any that could not be (read meanwhile, taken back) are named. */
function BatchRead({ rows, selected, onDone }: { rows: WorkbenchRow[]; selected: string[]; onDone: () => void }) {
  const { t, te } = useI18n();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const m = useMutation({
    mutationFn: () =>
      api.post<{ read: string[]; failed: { id: string; message: string }[] }>('/tasks/read', {
        tasks: rows.filter((r) => selected.includes(r.id)).map((r) => ({ id: r.id, version: r.version })),
      }),
    onSuccess: async (res) => {
      if (res.read.length) message.success(t('workbench.batchRead.done', { n: res.read.length }));
      for (const f of res.failed)
        message.warning(`${rows.find((r) => r.id === f.id)?.title ?? ''}${t('common.colon')}${f.message}`);
      onDone();
      await qc.invalidateQueries({ queryKey: ['workbench'] });
    },
    onError: (e) => void message.error(te(e)),
  });
  return (
    <Button
      type="primary"
      icon={<CheckOutlined />}
      disabled={!selected.length}
      loading={m.isPending}
      onClick={() => m.mutate()}
      data-testid="batch-read"
    >
      {t('workbench.batchRead', { n: selected.length })}
    </Button>
  );
}

export function WorkbenchPage() {
  const { t, tv } = useI18n();
  const screens = Grid.useBreakpoint();
  const mobile = screens.md === false;
  const [search, setSearch] = useSearchParams();
  const parsedTab = workbenchTabSchema.safeParse(search.get('tab'));
  const tab: WorkbenchTab = parsedTab.success ? parsedTab.data : 'todo';
  const [sort, setSort] = useState<WorkbenchParams['sort']>('due');
  const [module, setModule] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const summary = useWorkbenchSummary();
  const list = useWorkbenchList({ tab, sort, module, page, pageSize: PAGE_SIZE });
  // Until this tab's list has come (a first load, or another tab's rows kept while switching), there is no count to
  // show: never a false 共 0 件, nor the previous tab's number.
  const listKnown = list.data !== undefined && !list.isPlaceholderData;
  const listLoading = !listKnown && !list.isError;
  const rows = list.data?.items ?? [];
  const modules = Object.keys(summary.data?.byModule[tab] ?? {});

  const columns: ColumnsType<WorkbenchRow> = [
    {
      title: t('workbench.col.title'),
      dataIndex: 'title',
      render: (_, r) => (
        <Space orientation="vertical" size={2}>
          <RowTitle row={r} />
          <Space size={8} wrap>
            {r.registryNo && <Typography.Text type="secondary">{r.registryNo}</Typography.Text>}
            <RowTags row={r} />
          </Space>
        </Space>
      ),
    },
    { title: t('workbench.col.module'), dataIndex: 'module', width: 90, render: (m: string) => t(`module.${m}` as MessageKey) },
    { title: t('workbench.col.step'), dataIndex: 'step', width: 90, render: (s: string | null, r) => tv(s ?? r.state) },
    { title: t('workbench.col.deadline'), key: 'deadline', width: 150, render: (_, r) => <Deadline row={r} /> },
    ...(tab === 'toRead'
      ? [
          {
            title: t('workbench.col.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, r: WorkbenchRow) => <ReadButton row={r} />,
          },
        ]
      : []),
  ];

  const tabItems = WORKBENCH_TABS.map((k) => ({
    key: k,
    label: (
      <span data-testid={`tab-${k}`}>
        {t(`workbench.tab.${k}` as MessageKey)}
        <span className="zs-tab-count" data-testid={`count-${k}`} style={{ marginInlineStart: 4 }}>
          {summary.data ? summary.data.counts[k] : '…'}
        </span>
      </span>
    ),
  }));

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('workbench.title')}
        {summary.data && summary.data.overdue > 0 && (
          <Tag color="red" style={{ marginInlineStart: 8, verticalAlign: 'middle' }} data-testid="overdue-count">
            {t('workbench.overdueCount', { n: summary.data.overdue })}
          </Tag>
        )}
      </Typography.Title>
      <CalendarCoverageNotice />
      <Tabs
        activeKey={tab}
        items={tabItems}
        onChange={(k) => {
          setSearch({ tab: k });
          setSelected([]);
          setModule(undefined);
          setPage(1);
        }}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label={t('workbench.sort')}
          value={sort}
          style={{ width: 150 }}
          onChange={(v) => {
            setSort(v);
            setPage(1);
          }}
          options={[
            { value: 'due', label: t('workbench.sort.due') },
            { value: 'urgency', label: t('workbench.sort.urgency') },
            { value: 'created', label: t('workbench.sort.created') },
          ]}
        />
        <Select
          aria-label={t('workbench.filterModule')}
          allowClear
          placeholder={t('workbench.allModules')}
          value={module}
          style={{ width: 150 }}
          onChange={(v: string | undefined) => {
            setModule(v);
            setPage(1);
          }}
          options={modules.map((m) => ({ value: m, label: t(`module.${m}` as MessageKey) }))}
        />
        {tab === 'toRead' && rows.length > 0 && (
          <BatchRead
            rows={rows}
            selected={selected.filter((id) => rows.some((r) => r.id === id))}
            onDone={() => setSelected([])}
          />
        )}
        <Typography.Text type="secondary" data-testid="list-total" aria-busy={listLoading}>
          {listKnown
            ? t('workbench.total', { n: list.data.total })
            : list.isError
              ? t('workbench.loadFailed')
              : t('workbench.loading')}
        </Typography.Text>
      </Space>
      {mobile ? (
        <List
          className="zs-card-list"
          loading={listLoading}
          dataSource={rows}
          locale={{ emptyText: listLoading ? <span /> : <Empty description={t('workbench.empty')} /> }}
          pagination={
            (list.data?.total ?? 0) > PAGE_SIZE
              ? { current: page, pageSize: PAGE_SIZE, total: list.data?.total, onChange: setPage, simple: true }
              : false
          }
          renderItem={(r) => (
            <List.Item style={{ display: 'block' }} data-testid="workbench-row">
              <Card
                size="small"
                className={isOverdue(r.deadline) ? 'zs-row-overdue' : undefined}
                title={
                  <span style={{ whiteSpace: 'normal' }}>
                    {tab === 'toRead' && (
                      <Checkbox
                        aria-label={t('workbench.select', { title: r.title })}
                        checked={selected.includes(r.id)}
                        onChange={(e) => setSelected((s) => (e.target.checked ? [...s, r.id] : s.filter((x) => x !== r.id)))}
                        style={{ marginInlineEnd: 8 }}
                      />
                    )}
                    <RowTitle row={r} />
                  </span>
                }
              >
                <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                  <RowTags row={r} />
                  <Typography.Text type="secondary">
                    {t(`module.${r.module}` as MessageKey)}
                    {r.step ? ` · ${tv(r.step)}` : ''}
                    {r.registryNo ? ` · ${r.registryNo}` : ''}
                  </Typography.Text>
                  <Deadline row={r} />
                  {tab === 'toRead' && <ReadButton row={r} />}
                </Space>
              </Card>
            </List.Item>
          )}
        />
      ) : (
        <Table<WorkbenchRow>
          rowKey="id"
          size="middle"
          loading={listLoading}
          columns={columns}
          dataSource={rows}
          rowClassName={(r) => (isOverdue(r.deadline) ? 'zs-row-overdue' : '')}
          rowSelection={
            tab === 'toRead'
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys.map(String)),
                  getCheckboxProps: (r) => ({ 'aria-label': t('workbench.select', { title: r.title }) }),
                }
              : undefined
          }
          onRow={() => ({ 'data-testid': 'workbench-row' }) as HTMLAttributes<HTMLElement>}
          locale={{ emptyText: listLoading ? <span /> : <Empty description={t('workbench.empty')} /> }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            onChange: setPage,
            hideOnSinglePage: true,
            showSizeChanger: false,
          }}
        />
      )}
    </div>
  );
}
