import { Card, Descriptions, Grid, Space, Spin, Tag, Typography } from 'antd';
import { useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useMe } from '../../auth';
import { TaskPanel } from '../../components/flow/TaskPanel';
import { ItemFiles } from '../../components/ItemFiles';
import { HistoryCard, ItemLinks, OpinionsCard } from '../../components/flow/FlowRecord';
import { AssignCard, EditButton, ReceiptsCard, ReceiveCard, ReviewCard, UrgingLetterButton, WithdrawButton } from './FlowCards';
import { LoadError } from '../../components/LoadError';
import { useI18n } from '../../i18n';
import { UNMARKED } from '../../../contract/common';
import { useSupervision } from './queries';
import { LightTag, useCadenceText } from './parts';
import { NoticeButtons } from './NoticeButtons';

/** 督办事项: what was decided at 立项 — source, units, leader, category, the due date with its light, the cadence. */
export function SupervisionPage() {
  const { id = '' } = useParams();
  const { t, tv } = useI18n();
  const q = useSupervision(id);
  const me = useMe();
  const mobile = Grid.useBreakpoint().md === false;
  const qc = useQueryClient();
  const cadenceText = useCadenceText();
  const refresh = () => qc.invalidateQueries({ queryKey: ['supervision'] });
  if (q.isLoading) return <Spin />;
  if (q.error) {
    return <LoadError error={q.error} testId="supervision-error" />;
  }
  const s = q.data!;
  const ownUnitId = me.posts.find((p) => p.id === me.currentPostId)?.unitId ?? null;
  const open = !['closed', 'withdrawn', 'declined'].includes(s.stateKey);
  const signers = { label: t('supervision.signers'), people: s.signers.map((p) => ({ ...p, title: s.leadUnit.name })) };
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {s.myReceipts.map((d) => (
        <ReceiveCard key={d} s={s} dispatchId={d} onDone={refresh} />
      ))}
      {s.myTasks.map((task) =>
        task.stepKey === 'assign' ? (
          <AssignCard key={task.id} s={s} onDone={refresh} />
        ) : task.stepKey === 'review' ? (
          <ReviewCard key={task.id} s={s} onDone={refresh} />
        ) : (
          <TaskPanel
            key={task.id}
            task={task}
            ownUnitId={ownUnitId}
            onDone={refresh}
            prominent
            {...(task.stepKey === 'handle' ? { suggest: { ...signers, step: 'signoff' } } : {})}
          />
        ),
      )}
      <Card
        extra={mobile ? undefined : <NoticeButtons itemId={s.itemId} />}
        title={
          <Space size={8} wrap style={{ whiteSpace: 'normal' }}>
            <span data-testid="registry-no">{s.registryNo}</span>
            <span>{s.title}</span>
          </Space>
        }
      >
        {/* On a phone the notice buttons go under the title, and each field's label above its value. */}
        {mobile && (
          <div style={{ marginBottom: 12 }}>
            <NoticeButtons itemId={s.itemId} />
          </div>
        )}
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          layout={mobile ? 'vertical' : 'horizontal'}
          bordered
          data-testid="supervision-fields"
        >
          <Descriptions.Item label={t('supervision.field.registryNo')}>{s.registryNo}</Descriptions.Item>
          <Descriptions.Item label={t('supervision.field.source')}>
            {s.sourceName}
            {s.sourceText && <Typography.Text type="secondary">{t('common.paren', { x: s.sourceText })}</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label={t('supervision.field.category')}>
            <Space size={4} wrap>
              {t(`supervision.category.${s.category}`)}
              {s.classification !== UNMARKED && <Tag>{tv(s.classification)}</Tag>}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('supervision.field.leadUnit')}>{s.leadUnit.name}</Descriptions.Item>
          <Descriptions.Item label={t('supervision.field.assistingUnits')}>
            {s.assistingUnits.length ? s.assistingUnits.map((u) => u.name).join(t('common.sep')) : t('common.none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('supervision.field.leader')}>{s.leader?.name ?? t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('supervision.field.openedOn')}>{s.openedOn}</Descriptions.Item>
          <Descriptions.Item label={t('supervision.field.dueDate')}>
            <Space size={8} wrap>
              <span data-testid="due-date">{s.dueDate}</span>
              <LightTag light={s.light} />
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('supervision.field.state')}>{tv(s.state)}</Descriptions.Item>
          <Descriptions.Item label={t('supervision.field.cadence')}>
            <Space orientation="vertical" size={0}>
              <span data-testid="cadence">{cadenceText(s.cadence)}</span>
              {s.cadenceReason && <Typography.Text type="secondary">{s.cadenceReason}</Typography.Text>}
            </Space>
          </Descriptions.Item>
          {s.statutory && (
            <Descriptions.Item label={t('supervision.field.statutory')}>
              <Space size={4} wrap>
                {t(`supervision.statutory.${s.statutory}`)}
                {s.difficult && <Tag>{t('supervision.difficult')}</Tag>}
              </Space>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('supervision.field.requirement')} span="filled">
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{s.requirement}</Typography.Paragraph>
          </Descriptions.Item>
        </Descriptions>
        {s.redoCount > 0 && (
          <Typography.Text type="warning" data-testid="redo-count">
            {t('supervision.redoCount', { n: s.redoCount })}
          </Typography.Text>
        )}
        {s.withdrawnReason && (
          <Typography.Text type="secondary">{t('supervision.withdrawn', { reason: s.withdrawnReason })}</Typography.Text>
        )}
        {s.supervises && open && (
          <Space wrap style={{ marginTop: 12 }}>
            <EditButton s={s} onDone={refresh} />
            {(s.light === 'yellow' || s.light === 'red') && <UrgingLetterButton s={s} />}
            <WithdrawButton s={s} onDone={refresh} />
          </Space>
        )}
      </Card>
      {/* The item's files (the final report's materials): added by whoever handles it, read by whoever reads the item. */}
      <ItemFiles
        itemId={s.itemId}
        classification={s.classification}
        canAdd={s.myTasks.some((x) => x.kind === 'do') || s.createdBy === me.personId}
      />
      <ReceiptsCard s={s} onDone={refresh} />
      <ItemLinks links={s.links} />
      <OpinionsCard opinions={s.opinions} />
      <HistoryCard tasks={s.tasks} onChanged={refresh} />
    </Space>
  );
}
