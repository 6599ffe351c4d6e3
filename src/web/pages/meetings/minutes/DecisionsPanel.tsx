import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, List, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../../api/client';
import { useI18n, type MessageKey } from '../../../i18n';
import { UnitSearchSelect } from '../../../components/UnitSearchSelect';
import { ItemLinks } from '../../../components/flow/FlowRecord';
import type { MeetingDetail } from '../queries';
import { useMeetingDecisions, type MeetingDecisions } from './queries';

type Decision = MeetingDecisions['decisions'][number];

const LIGHT_COLORS = { green: 'green', yellow: 'gold', red: 'red' } as const;

/** A command on the decisions: refreshes the meeting and says what went wrong in the server's words. */
function useDecisionAct<T, R = unknown>(fn: (arg: T) => Promise<R>, done: MessageKey, then?: (r: R) => void) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (r) => {
      message.success(t(done));
      await qc.invalidateQueries({ queryKey: ['meetings'] });
      then?.(r);
    },
    onError: (e) => void message.error(te(e)),
  });
}

type FormValues = {
  text: string;
  topicItemId?: string;
  leadUnitId?: string[];
  assistingUnitIds?: string[];
  leaderPersonId?: string;
  dueDate?: Dayjs;
};

/** Adding or correcting a decision: its text, topic, lead and assisting units, leader and due date. */
function DecisionForm({ m, editing, onClose }: { m: MeetingDetail; editing: Decision | 'new'; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const d = editing === 'new' ? null : editing;
  const save = useDecisionAct(
    (v: FormValues) => {
      const body = {
        text: v.text,
        topicItemId: v.topicItemId ?? null,
        leadUnitId: v.leadUnitId?.[0] ?? null,
        assistingUnitIds: v.assistingUnitIds ?? [],
        leaderPersonId: v.leaderPersonId ?? null,
        dueDate: v.dueDate ? v.dueDate.format('YYYY-MM-DD') : null,
      };
      return d ? api.put(`/meetings/${m.itemId}/decisions/${d.id}`, body) : api.post(`/meetings/${m.itemId}/decisions`, body);
    },
    'meetings.decisions.saved',
    onClose,
  );
  const leaders = [m.chair, ...m.members.filter((p) => p.id !== m.chair.id)];
  return (
    <Card
      size="small"
      type="inner"
      title={t(d ? 'meetings.decisions.edit' : 'meetings.decisions.add')}
      data-testid="decision-form"
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{
          text: d?.text ?? '',
          topicItemId: d?.topicItemId ?? undefined,
          leadUnitId: d?.leadUnit ? [d.leadUnit.id] : [],
          assistingUnitIds: d?.assistingUnits.map((u) => u.id) ?? [],
          leaderPersonId: d?.leader?.id,
          dueDate: d?.dueDate ? dayjs(d.dueDate) : undefined,
        }}
      >
        <Form.Item
          name="text"
          label={t('meetings.decisions.text')}
          rules={[{ required: true, whitespace: true, message: t('meetings.decisions.textRequired') }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} data-testid="decision-text" />
        </Form.Item>
        <Form.Item name="topicItemId" label={t('meetings.decisions.topic')}>
          <Select
            allowClear
            options={m.agenda.filter((a) => a.state === 'planned').map((a) => ({ value: a.topicItemId, label: a.title }))}
            data-testid="decision-topic"
          />
        </Form.Item>
        <Form.Item name="leadUnitId" label={t('meetings.decisions.lead')}>
          <UnitSearchSelect allowClear data-testid="decision-lead" aria-label={t('meetings.decisions.lead')} />
        </Form.Item>
        <Form.Item name="assistingUnitIds" label={t('meetings.decisions.assisting')}>
          <UnitSearchSelect multiple data-testid="decision-assisting" aria-label={t('meetings.decisions.assisting')} />
        </Form.Item>
        <Form.Item name="leaderPersonId" label={t('meetings.decisions.leader')}>
          <Select allowClear options={leaders.map((p) => ({ value: p.id, label: p.name }))} data-testid="decision-leader" />
        </Form.Item>
        <Form.Item name="dueDate" label={t('meetings.decisions.due')}>
          <DatePicker style={{ width: '100%', maxWidth: 240 }} data-testid="decision-due" />
        </Form.Item>
        <Space wrap>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => void form.validateFields().then((v) => save.mutate(v))}
            data-testid="decision-save"
          >
            {t('meetings.decisions.save')}
          </Button>
          <Button onClick={onClose}>{t('meetings.decisions.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}

/** A decision's 督办 item as the meeting's readers see it: its light and state; the link opens it where one may. */
function SupervisionStatus({ s }: { s: NonNullable<Decision['supervision']> }) {
  const { t, tv } = useI18n();
  return (
    <Space size={4} wrap data-testid="decision-light">
      {s.closed ? (
        <Tag color="blue">{t('meetings.decisions.closed')}</Tag>
      ) : (
        s.light && <Tag color={LIGHT_COLORS[s.light]}>{t(`meetings.decisions.light.${s.light}`)}</Tag>
      )}
      <Link to={`/supervision/${s.itemId}`}>{tv(s.state)}</Link>
    </Space>
  );
}

/**
 * 议定事项 on the meeting's page: the recorders write them (until the 纪要 is drafted), the office's registrar drafts
 * the 纪要 after the meeting, the 督查室 turns them into 督办 items; every reader sees each one's light.
 */
export function DecisionsPanel({ m }: { m: MeetingDetail }) {
  const { t, tv } = useI18n();
  const navigate = useNavigate();
  const q = useMeetingDecisions(m.itemId);
  const [editing, setEditing] = useState<Decision | 'new' | null>(null);
  const remove = useDecisionAct(
    (id: string) => api.delete(`/meetings/${m.itemId}/decisions/${id}`),
    'meetings.decisions.removed',
  );
  const supervise = useDecisionAct(
    (id: string | null) =>
      api.post(id ? `/meetings/${m.itemId}/decisions/${id}/supervise` : `/meetings/${m.itemId}/decisions/supervise`, {}),
    'meetings.decisions.supervised',
  );
  const draft = useDecisionAct(
    () => api.post<{ itemId: string }>(`/meetings/${m.itemId}/minutes`, {}),
    'meetings.minutes.drafted',
    (r) => void navigate(`/outgoing/${r.itemId}`),
  );
  if (!q.data) return null;
  const d = q.data;
  const missing = <Typography.Text type="danger">{t('meetings.decisions.missing')}</Typography.Text>;
  const unturned = d.decisions.some((x) => !x.supervision);
  return (
    <>
      <Card
        title={t('meetings.decisions.title')}
        size="small"
        data-testid="decisions-panel"
        extra={
          d.minutes && (
            <Link to={`/outgoing/${d.minutes.itemId}`} data-testid="minutes-link">
              {t('meetings.minutes.open')} · {tv(d.minutes.state)}
            </Link>
          )
        }
      >
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {(d.mayEdit || d.mayDraftMinutes || (d.maySupervise && unturned)) && (
            <Space wrap>
              {d.mayEdit && (
                <Button onClick={() => setEditing('new')} data-testid="decision-add">
                  {t('meetings.decisions.add')}
                </Button>
              )}
              {d.mayDraftMinutes && (
                <Button
                  type="primary"
                  loading={draft.isPending}
                  onClick={() => draft.mutate(undefined)}
                  data-testid="minutes-draft"
                >
                  {t('meetings.minutes.draft')}
                </Button>
              )}
              {d.maySupervise && unturned && (
                <Button
                  type="primary"
                  loading={supervise.isPending}
                  onClick={() => supervise.mutate(null)}
                  data-testid="supervise-all"
                >
                  {t('meetings.decisions.superviseAll')}
                </Button>
              )}
            </Space>
          )}
          {editing && (
            <DecisionForm key={editing === 'new' ? 'new' : editing.id} m={m} editing={editing} onClose={() => setEditing(null)} />
          )}
          <List
            dataSource={d.decisions}
            locale={{ emptyText: t('meetings.decisions.empty') }}
            data-testid="decisions"
            renderItem={(x) => (
              <List.Item data-testid="decision" style={{ display: 'block' }}>
                <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                  <Typography.Text strong>
                    {x.seq}. {x.text}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {t('meetings.decisions.lead')}: {x.leadUnit?.name ?? missing}
                    {x.assistingUnits.length > 0 &&
                      ` · ${t('meetings.decisions.assisting')}: ${x.assistingUnits.map((u) => u.name).join(t('common.sep'))}`}
                    {x.leader && ` · ${t('meetings.decisions.leader')}: ${x.leader.name}`}
                    {' · '}
                    {t('meetings.decisions.due')}: {x.dueDate ?? missing}
                  </Typography.Text>
                  <Space size={4} wrap>
                    {x.supervision && <SupervisionStatus s={x.supervision} />}
                    {d.mayEdit && !x.supervision && (
                      <>
                        <Button size="small" onClick={() => setEditing(x)} data-testid="decision-edit">
                          {t('meetings.decisions.edit')}
                        </Button>
                        <Popconfirm title={t('meetings.decisions.removeConfirm')} onConfirm={() => remove.mutate(x.id)}>
                          <Button size="small" danger>
                            {t('meetings.decisions.remove')}
                          </Button>
                        </Popconfirm>
                      </>
                    )}
                    {d.maySupervise && !x.supervision && (
                      <Button size="small" type="primary" onClick={() => supervise.mutate(x.id)} data-testid="decision-supervise">
                        {t('meetings.decisions.supervise')}
                      </Button>
                    )}
                  </Space>
                </Space>
              </List.Item>
            )}
          />
          <ItemLinks links={d.links} />
        </Space>
      </Card>
    </>
  );
}
