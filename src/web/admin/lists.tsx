import { useState, type HTMLAttributes, type ReactNode } from 'react';
import { Button, Card, Empty, Grid, Space, Spin, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useI18n } from '../i18n';

/** True below antd's md breakpoint, where tables give way to cards. */
const useMobile = () => Grid.useBreakpoint().md === false;

interface ResponsiveListProps<T> {
  rows: T[];
  rowKey: (row: T) => string;
  columns: ColumnsType<T>;
  /** The row as a card on a phone: title and the lines below it. */
  card: (row: T) => { title: ReactNode; body: ReactNode };
  loading?: boolean;
  empty?: string;
  testId?: string;
}

/** A table on wide screens; at phone width a list of cards, so nothing scrolls sideways. */
export function ResponsiveList<T extends object>({
  rows,
  rowKey,
  columns,
  card,
  loading,
  empty,
  testId,
}: ResponsiveListProps<T>) {
  const mobile = useMobile();
  const emptyText = <Empty description={empty} />;
  if (mobile) {
    // A plain list of cards (antd's List is deprecated in v6).
    if (loading && rows.length === 0) return <Spin style={{ display: 'block', margin: '24px auto' }} />;
    if (rows.length === 0) return emptyText;
    return (
      <Space orientation="vertical" size={12} style={{ width: '100%' }} role="list">
        {rows.map((r) => {
          const c = card(r);
          return (
            <Card
              key={rowKey(r)}
              size="small"
              role="listitem"
              data-testid={testId}
              title={<span style={{ whiteSpace: 'normal' }}>{c.title}</span>}
            >
              <Space orientation="vertical" size={6} style={{ width: '100%' }}>
                {c.body}
              </Space>
            </Card>
          );
        })}
      </Space>
    );
  }
  return (
    <Table<T>
      rowKey={rowKey}
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={rows}
      pagination={false}
      locale={{ emptyText }}
      onRow={() => ({ 'data-testid': testId }) as HTMLAttributes<HTMLElement>}
    />
  );
}

/** Pages of a keyset-paged list: the cursors of the pages before this one. */
export function useCursorPager() {
  const [stack, setStack] = useState<string[]>([]);
  return {
    cursor: stack[stack.length - 1],
    page: stack.length + 1,
    next: (c: string) => setStack((s) => [...s, c]),
    prev: () => setStack((s) => s.slice(0, -1)),
    reset: () => setStack([]),
  };
}

export function CursorPager({
  pager,
  nextCursor,
}: {
  pager: ReturnType<typeof useCursorPager>;
  nextCursor: string | null | undefined;
}) {
  const { t } = useI18n();
  if (pager.page === 1 && !nextCursor) return null;
  return (
    <Space style={{ marginTop: 12 }} wrap>
      <Button disabled={pager.page === 1} onClick={pager.prev}>
        {t('admin.page.prev')}
      </Button>
      <Typography.Text type="secondary" data-testid="page-number">
        {t('admin.page.number', { n: pager.page })}
      </Typography.Text>
      <Button disabled={!nextCursor} onClick={() => nextCursor && pager.next(nextCursor)}>
        {t('admin.page.next')}
      </Button>
    </Space>
  );
}
