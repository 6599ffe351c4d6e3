import { Alert, Card, Col, Empty, List, Row, Space, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { BOARD_GROUPS } from '../../../../contract/supervision-views';
import { useI18n } from '../../../i18n';
import { UnitSearchSelect } from '../../../components/UnitSearchSelect';
import { LightTag } from '../parts';
import { useSupervisionBoard, type BoardRow } from './queries';
import { ViewLinks } from './ViewLinks';

const GROUP_COLORS = { pending: 'blue', handling: 'green', overdue: 'red', done: 'default' } as const;

/** One item the unit owes: the item, its number, part and state; its date and light; the next report owed. */
function BoardCard({ row: r }: { row: BoardRow }) {
  const { t, tv } = useI18n();
  const label = (k: Parameters<typeof t>[0], value: string) => t('register.labelValue', { label: t(k), value });
  return (
    <Space orientation="vertical" size={2} style={{ width: '100%', minWidth: 0 }}>
      <Link to={`/supervision/${r.itemId}`} style={{ overflowWrap: 'anywhere' }}>
        {r.title}
      </Link>
      <Typography.Text type="secondary">
        {[
          r.registryNo,
          t(`supervision.role.${r.role}`),
          r.stage === 'done' ? tv(r.state) : t(`supervision.board.stage.${r.stage}`),
        ].join(' · ')}
      </Typography.Text>
      <Space size={8} wrap>
        {r.dueDate && <span>{label('supervision.field.dueDate', r.dueDate)}</span>}
        <LightTag light={r.light} />
        {r.stage !== 'done' && r.stateKey !== 'handle' && r.stateKey !== 'assign' && <Tag>{tv(r.state)}</Tag>}
      </Space>
      {r.nextReportDate && (
        <Typography.Text type="secondary">{label('supervision.board.nextReport', r.nextReportDate)}</Typography.Text>
      )}
      {r.doneOn && <Typography.Text type="secondary">{label('supervision.board.doneOn', r.doneOn)}</Typography.Text>}
    </Space>
  );
}

/**
 * 单位督办看板: what one unit owes (issue 16 §6) — 待签收, 在办, 逾期, 已办结 — each group a card with its count. Its own
 * unit by default; the 督查室 chooses another unit (in the address, so Back restores it). The server decides who may
 * see which unit and which items; colleagues' items it only counts.
 */
export function BoardPage() {
  const { t, te } = useI18n();
  const [search, setSearch] = useSearchParams();
  const unitId = search.get('unitId') ?? undefined;
  const board = useSupervisionBoard(unitId);
  const b = board.data;
  return (
    <Card title={b ? t('supervision.board.title', { unit: b.unit.name }) : t('supervision.views.board')}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <ViewLinks current="board" />
        {b?.supervises && (
          <UnitSearchSelect
            value={unitId ? [unitId] : []}
            onChange={([id]) => setSearch(id ? { unitId: id } : {})}
            allowClear
            placeholder={t('supervision.board.unit')}
            aria-label={t('supervision.board.unit')}
            data-testid="board-unit"
            style={{ width: '100%', maxWidth: 360 }}
          />
        )}
        {board.isError && <Alert type="error" showIcon message={te(board.error)} />}
        {b && b.unlisted > 0 && (
          <Typography.Text type="secondary" data-testid="board-unlisted">
            {t('supervision.board.unlisted', { n: b.unlisted })}
          </Typography.Text>
        )}
        <Row gutter={[12, 12]}>
          {BOARD_GROUPS.map((g) => {
            const group = b?.groups[g];
            return (
              <Col key={g} xs={24} lg={12}>
                <Card
                  size="small"
                  data-testid={`board-group-${g}`}
                  title={
                    <Space size={8}>
                      <span>{t(`supervision.board.group.${g}`)}</span>
                      <Tag color={GROUP_COLORS[g]} data-testid="board-count">
                        {t('supervision.board.count', { n: group?.count ?? 0 })}
                      </Tag>
                    </Space>
                  }
                >
                  <List
                    className="zs-card-list"
                    size="small"
                    loading={board.isLoading}
                    dataSource={group?.items ?? []}
                    locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.empty')} /> }}
                    renderItem={(r) => (
                      <List.Item data-testid="board-row">
                        <BoardCard row={r} />
                      </List.Item>
                    )}
                  />
                </Card>
              </Col>
            );
          })}
        </Row>
      </Space>
    </Card>
  );
}
