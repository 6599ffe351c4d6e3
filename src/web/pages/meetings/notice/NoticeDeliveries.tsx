import { useState } from 'react';
import { App, Button, Input, List, Space, Tag, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { useI18n } from '../../../i18n';
import { UnitSearchSelect } from '../../../components/UnitSearchSelect';
import type { AnswerNoticeDelivery, NoticeView } from '../../../../contract/meetings-notice';

// The units a meeting's notice was sent to, for the office and the chair: each unit's state, whom it answers for and
// who has not replied; the office's registrars chase (催办) a unit not yet signed, withdraw (撤回) a notice sent by
// mistake, and redirect (改派) one sent back — the kernel's sending, answered from here until the meeting starts.

type Delivery = NoticeView['deliveries'][number];
const COLORS = { pending: 'blue', accepted: 'green', returned: 'red', cancelled: 'default' } as const;

export function NoticeDeliveries({ meetingId, v }: { meetingId: string; v: NoticeView }) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState<{ id: string; type: 'remind' | 'cancel' | 'redirect' } | null>(null);
  const [text, setText] = useState('');
  const [unitId, setUnitId] = useState<string | undefined>();
  const answer = useMutation({
    mutationFn: ({ id, body }: { id: string; body: AnswerNoticeDelivery }) =>
      api.post(`/meetings/${meetingId}/notice/deliveries/${id}/answer`, body),
    onSuccess: async (_, { body }) => {
      message.success(t(`meetings.notice.answer.${body.type}.done`));
      setOpen(null);
      await qc.invalidateQueries({ queryKey: ['meetings'] });
    },
    onError: (e) => void message.error(te(e)),
  });
  const start = (id: string, type: 'remind' | 'cancel' | 'redirect') => {
    setOpen({ id, type });
    setText('');
    setUnitId(undefined);
  };
  const confirm = (d: Delivery) => {
    const type = open!.type;
    const body: AnswerNoticeDelivery =
      type === 'remind'
        ? { type, note: text.trim() || null }
        : type === 'cancel'
          ? { type, reason: text.trim() }
          : { type, unitId: unitId ?? '', note: text.trim() || null };
    answer.mutate({ id: d.id, body });
  };
  if (!v.deliveries.length) return null;
  return (
    <List<Delivery>
      size="small"
      header={<Typography.Text strong>{t('meetings.notice.deliveries')}</Typography.Text>}
      dataSource={v.deliveries}
      data-testid="notice-deliveries"
      renderItem={(d) => (
        <List.Item data-testid={`notice-delivery-${d.unitId}`}>
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            <Space size={6} wrap>
              <Typography.Text strong>{d.unit}</Typography.Text>
              <Tag color={COLORS[d.state]} data-testid="notice-delivery-state">
                {t(`meetings.notice.delivery.${d.state}`)}
              </Tag>
              {d.remindCount > 0 && <Tag color="volcano">{t('meetings.notice.reminded', { n: d.remindCount })}</Tag>}
            </Space>
            {d.people.length > 0 && (
              <Typography.Text type="secondary">
                {t('meetings.notice.answersFor', { names: d.people.join(t('common.sep')) })}
              </Typography.Text>
            )}
            {d.state !== 'cancelled' && d.outstanding.length > 0 && (
              <Typography.Text type="warning" data-testid="notice-delivery-outstanding">
                {t('meetings.notice.outstanding', { names: d.outstanding.join(t('common.sep')) })}
              </Typography.Text>
            )}
            {d.reason && <Typography.Text type={d.state === 'returned' ? 'danger' : 'secondary'}>{d.reason}</Typography.Text>}
            {v.mayAnswerDeliveries && (d.state === 'pending' || d.state === 'returned') && (
              <Space size={4} wrap>
                {d.state === 'pending' && (
                  <Button size="small" icon={<BellOutlined />} onClick={() => start(d.id, 'remind')} data-testid="notice-remind">
                    {t('meetings.notice.answer.remind')}
                  </Button>
                )}
                {d.state === 'returned' && (
                  <Button size="small" onClick={() => start(d.id, 'redirect')} data-testid="notice-redirect">
                    {t('meetings.notice.answer.redirect')}
                  </Button>
                )}
                <Button size="small" danger onClick={() => start(d.id, 'cancel')} data-testid="notice-withdraw">
                  {t('meetings.notice.answer.cancel')}
                </Button>
              </Space>
            )}
            {open?.id === d.id && (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {open.type === 'cancel' && (
                  <Typography.Text type="secondary">{t('meetings.notice.answer.cancel.hint')}</Typography.Text>
                )}
                {open.type === 'redirect' && (
                  <UnitSearchSelect
                    value={unitId ? [unitId] : []}
                    onChange={(ids) => setUnitId(ids[0])}
                    exclude={v.deliveries.filter((x) => x.state !== 'cancelled').map((x) => x.unitId)}
                    style={{ width: '100%' }}
                    data-testid="notice-redirect-unit"
                  />
                )}
                <Input.TextArea
                  rows={2}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  placeholder={t(`meetings.notice.answer.${open.type}.note`)}
                  aria-label={t(`meetings.notice.answer.${open.type}.note`)}
                  data-testid="notice-answer-note"
                />
                <Space wrap>
                  <Button
                    type="primary"
                    danger={open.type === 'cancel'}
                    loading={answer.isPending}
                    disabled={(open.type === 'cancel' && text.trim().length < 2) || (open.type === 'redirect' && !unitId)}
                    onClick={() => confirm(d)}
                    data-testid="notice-answer-confirm"
                  >
                    {t(`meetings.notice.answer.${open.type}`)}
                  </Button>
                  <Button onClick={() => setOpen(null)}>{t('common.cancel')}</Button>
                </Space>
              </Space>
            )}
          </Space>
        </List.Item>
      )}
    />
  );
}
