import type { HTMLAttributes, ReactNode } from 'react';
import { Button, Empty, Grid, List, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useI18n } from '../../i18n';
import { isOverdue, type Deadline } from '../DeadlineStatus';
import type { useRegisterList } from './register-query';

/** How many rows match and how many are on screen, or that they are still coming (never a false 0). */
export function RegisterCount({ list }: { list: ReturnType<typeof useRegisterList> }) {
  const { t } = useI18n();
  return (
    <Typography.Text type="secondary" data-testid="register-count" aria-busy={list.loading}>
      {list.known
        ? list.rows.length < list.total
          ? t('register.shown', { shown: list.rows.length, total: list.total })
          : t('workbench.total', { n: list.total })
        : list.res.isError
          ? t('workbench.loadFailed')
          : t('workbench.loading')}
    </Typography.Text>
  );
}

/** The rows of a register: a table on a wide screen, cards on a phone; more rows on demand (keyset pages). */
export function RegisterList<T extends { itemId: string; deadline: Deadline | null }>({
  list,
  columns,
  card,
  testId,
}: {
  list: ReturnType<typeof useRegisterList<T>>;
  columns: ColumnsType<T>;
  card: (row: T) => ReactNode;
  testId: string;
}) {
  const { t } = useI18n();
  const mobile = Grid.useBreakpoint().md === false;
  const empty = list.loading ? <span /> : <Empty description={t('workbench.empty')} />;
  const more = list.res.hasNextPage ? (
    <div style={{ textAlign: 'center', marginTop: 12 }}>
      <Button onClick={() => list.res.fetchNextPage()} loading={list.res.isFetchingNextPage} data-testid="register-more">
        {t('register.loadMore')}
      </Button>
    </div>
  ) : null;
  return (
    <>
      {mobile ? (
        <List
          className="zs-card-list"
          dataSource={list.rows}
          loading={list.loading}
          locale={{ emptyText: empty }}
          renderItem={(r) => (
            <List.Item data-testid={testId} className={isOverdue(r.deadline) ? 'zs-row-overdue' : undefined}>
              {card(r)}
            </List.Item>
          )}
        />
      ) : (
        <Table<T>
          rowKey="itemId"
          size="middle"
          loading={list.loading}
          dataSource={list.rows}
          locale={{ emptyText: empty }}
          pagination={false}
          scroll={{ x: 940 }}
          rowClassName={(r) => (isOverdue(r.deadline) ? 'zs-row-overdue' : '')}
          onRow={() => ({ 'data-testid': testId }) as HTMLAttributes<HTMLElement>}
          columns={columns}
        />
      )}
      {more}
    </>
  );
}
