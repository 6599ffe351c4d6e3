import { Card, Descriptions, Result, Space, Spin, Tag, Typography } from 'antd';
import { useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useI18n } from '../../i18n';
import { UNMARKED } from '../../../contract/common';
import { useSupervision } from './queries';
import { LightTag, useCadenceText } from './parts';
import { NoticeButtons } from './NoticeButtons';

/** 督办事项: what was decided at 立项 — source, units, leader, category, the due date with its light, the cadence. */
export function SupervisionPage() {
  const { id = '' } = useParams();
  const { t, te, tv } = useI18n();
  const q = useSupervision(id);
  const cadenceText = useCadenceText();
  if (q.isLoading) return <Spin />;
  if (q.error) {
    const status = q.error instanceof ApiError ? q.error.status : 0;
    return <Result status={status === 404 ? '404' : 'error'} title={te(q.error)} data-testid="supervision-error" />;
  }
  const s = q.data!;
  return (
    <Card
      extra={<NoticeButtons itemId={s.itemId} />}
      title={
        <Space size={8} wrap style={{ whiteSpace: 'normal' }}>
          <span data-testid="registry-no">{s.registryNo}</span>
          <span>{s.title}</span>
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered data-testid="supervision-fields">
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
    </Card>
  );
}
