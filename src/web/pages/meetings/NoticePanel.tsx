import { useState } from 'react';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Grid,
  Input,
  Modal,
  Radio,
  Result,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import type { z } from 'zod';
import { api } from '../../api/client';
import { useMe } from '../../auth';
import { useI18n, type MessageKey } from '../../i18n';
import { PersonPicker } from '../../components/flow/pickers';
import type { NoticeView, replyBodySchema, Reply } from '../../../contract/meetings-notice';
import type { MeetingDetail } from './queries';
import { NoticeDeliveries } from './notice/NoticeDeliveries';

// 会议通知 and 回执 on the meeting page (DOMAIN §11.3): the office sends (and sends again) the notice; a unit's registrar
// signs for it with the replies of the unit's people; an invited person answers; the chair decides leave.

type Row = NoticeView['roster'][number];
type ReplyBody = z.input<typeof replyBodySchema>;

const noticeKey = (id: string) => ['meetings', 'notice', id];
const fmt = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

/** A write that refreshes the meeting and its notice, and says what went wrong in the server's words. */
function useNoticeAct<T>(fn: (arg: T) => Promise<unknown>, done: MessageKey, after?: () => void) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      message.success(t(done));
      after?.();
      await qc.invalidateQueries({ queryKey: ['meetings'] });
    },
    onError: (e) => void message.error(te(e)),
  });
}

interface SendValues {
  replyBy: Dayjs;
  contactName: string;
  contactPhone: string;
  requirements?: string;
}

/** The office's form: reply deadline, contact, requirements; sending again keeps the replies. */
function SendForm({ m, v }: { m: MeetingDetail; v: NoticeView }) {
  const { t } = useI18n();
  const me = useMe();
  const send = useNoticeAct(
    (body: Record<string, string>) => api.post<{ late: boolean }>(`/meetings/${m.itemId}/notice`, body),
    'meetings.notice.sent',
  );
  const n = v.notice;
  return (
    <Form<SendValues>
      layout="vertical"
      initialValues={{
        replyBy: n ? dayjs(n.replyBy) : dayjs(m.startsAt).subtract(1, 'day').hour(17).minute(0),
        contactName: n?.contactName ?? me.name,
        contactPhone: n?.contactPhone ?? '',
        requirements: n?.requirements ?? '',
      }}
      onFinish={(f) =>
        send.mutate({
          replyBy: f.replyBy.second(0).millisecond(0).format(),
          contactName: f.contactName,
          contactPhone: f.contactPhone,
          requirements: f.requirements ?? '',
        })
      }
      data-testid="notice-send-form"
    >
      <Space wrap align="start">
        <Form.Item name="replyBy" label={t('meetings.notice.replyBy')} rules={[{ required: true }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="notice-reply-by" />
        </Form.Item>
        <Form.Item name="contactName" label={t('meetings.notice.contactName')} rules={[{ required: true }]}>
          <Input style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('meetings.notice.contactPhone')} rules={[{ required: true }]}>
          <Input style={{ width: 180 }} data-testid="notice-phone" />
        </Form.Item>
      </Space>
      <Form.Item name="requirements" label={t('meetings.notice.requirements')}>
        <Input.TextArea rows={2} placeholder={t('meetings.notice.requirementsHint')} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={send.isPending} data-testid="notice-send">
        {t(n ? 'meetings.notice.resend' : 'meetings.notice.send')}
      </Button>
    </Form>
  );
}

/** The notice as sent: the fields the local rules list (名称, 时间, 地点, 会期, 议题, 出席/列席, 要求, 回执截止, 联系人). */
function NoticeContent({ v }: { v: NoticeView }) {
  const { t } = useI18n();
  const mobile = Grid.useBreakpoint().md === false;
  const n = v.notice!;
  return (
    <Descriptions size="small" bordered column={1} layout={mobile ? 'vertical' : 'horizontal'} data-testid="notice-content">
      <Descriptions.Item label={t('meetings.notice.name')}>
        <Space size={4} wrap>
          <span>{n.title}</span>
          {n.late && (
            <Tag color="red" data-testid="notice-late">
              {t('meetings.notice.late')}
            </Tag>
          )}
          {n.late && (
            <Typography.Text type="secondary">{t('meetings.notice.lateHint', { n: n.noticeBeforeDays })}</Typography.Text>
          )}
          {n.sends > 1 && <Tag>{t('meetings.notice.sends', { n: n.sends })}</Tag>}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item
        label={t('meetings.notice.time')}
      >{`${fmt(n.startsAt)}–${dayjs(n.endsAt).format('HH:mm')}`}</Descriptions.Item>
      <Descriptions.Item label={t('meetings.notice.place')}>{n.place}</Descriptions.Item>
      <Descriptions.Item label={t('meetings.notice.duration')}>
        {n.duration < 1 ? t('meetings.notice.halfDay') : t('meetings.notice.days', { n: n.duration })}
      </Descriptions.Item>
      <Descriptions.Item label={t('meetings.notice.agenda')}>
        <ol style={{ margin: 0, paddingInlineStart: 20 }}>
          {n.agenda.map((a, i) => (
            <li key={i}>
              {a.title}
              {a.reportingUnit && (
                <Typography.Text type="secondary"> {t('meetings.notice.reporter', { unit: a.reportingUnit })}</Typography.Text>
              )}
              {a.minutes && (
                <Typography.Text type="secondary"> · {t('meetings.notice.minutes', { n: a.minutes })}</Typography.Text>
              )}
            </li>
          ))}
        </ol>
      </Descriptions.Item>
      <Descriptions.Item label={t('meetings.notice.members')}>{n.members.join(t('common.sep')) || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('meetings.notice.sitIns')}>{n.sitIns.join(t('common.sep')) || '—'}</Descriptions.Item>
      {n.requirements && <Descriptions.Item label={t('meetings.notice.requirements')}>{n.requirements}</Descriptions.Item>}
      <Descriptions.Item label={t('meetings.notice.replyBy')}>{fmt(n.replyBy)}</Descriptions.Item>
      <Descriptions.Item label={t('meetings.notice.contact')}>{`${n.contactName} ${n.contactPhone}`}</Descriptions.Item>
    </Descriptions>
  );
}

/** One person's 回执: attend, a substitute (picked or typed; not for members where the kind allows none) or leave. */
function ReplyFields({
  value,
  onChange,
  allowSubstitute,
  allowLeave = true,
  testId,
}: {
  value: ReplyBody;
  onChange: (v: ReplyBody) => void;
  allowSubstitute: boolean;
  /** The chair asks leave of no one. */
  allowLeave?: boolean;
  testId: string;
}) {
  const { t } = useI18n();
  const sub = value.substitute ?? null;
  const typed = sub !== null && 'name' in sub;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={testId}>
      <Radio.Group
        value={value.reply}
        onChange={(e) => onChange({ reply: e.target.value as Reply, reason: null, substitute: null })}
        optionType="button"
        buttonStyle="solid"
      >
        <Radio.Button value="attend">{t('meetings.notice.reply.attend')}</Radio.Button>
        <Radio.Button value="substitute" disabled={!allowSubstitute}>
          {t('meetings.notice.reply.substitute')}
        </Radio.Button>
        <Radio.Button value="leave" disabled={!allowLeave}>
          {t('meetings.notice.reply.leave')}
        </Radio.Button>
      </Radio.Group>
      {!allowSubstitute && <Typography.Text type="secondary">{t('meetings.notice.noSubstitutes')}</Typography.Text>}
      {value.reply === 'leave' && (
        <Input.TextArea
          rows={2}
          placeholder={t('meetings.notice.reason')}
          value={value.reason ?? ''}
          onChange={(e) => onChange({ ...value, reason: e.target.value })}
          data-testid={`${testId}-reason`}
        />
      )}
      {value.reply === 'substitute' && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Radio.Group
            value={typed ? 'type' : 'pick'}
            onChange={(e) => onChange({ ...value, substitute: e.target.value === 'type' ? { name: '', post: '' } : null })}
          >
            <Radio value="pick">{t('meetings.notice.substitutePick')}</Radio>
            <Radio value="type">{t('meetings.notice.substituteType')}</Radio>
          </Radio.Group>
          {typed ? (
            <Space wrap>
              <Input
                placeholder={t('meetings.notice.substituteName')}
                value={sub.name}
                onChange={(e) => onChange({ ...value, substitute: { ...sub, name: e.target.value } })}
                style={{ width: 140 }}
              />
              <Input
                placeholder={t('meetings.notice.substitutePost')}
                value={sub.post}
                onChange={(e) => onChange({ ...value, substitute: { ...sub, post: e.target.value } })}
                style={{ width: 220 }}
              />
            </Space>
          ) : (
            <PersonPicker
              value={sub && 'personId' in sub ? [sub.personId] : []}
              onChange={(ids) => onChange({ ...value, substitute: ids[0] ? { personId: ids[0] } : null })}
              placeholder={t('meetings.notice.substitute')}
            />
          )}
        </Space>
      )}
    </Space>
  );
}

const asBody = (r: Row): ReplyBody => ({
  reply: r.reply ?? 'attend',
  reason: r.reason,
  substitute: r.substitute
    ? r.substitute.personId
      ? { personId: r.substitute.personId }
      : { name: r.substitute.name, post: r.substitute.post }
    : null,
});

/** The invited person's own 回执, changed as often as needed until the meeting starts (the latest counts). */
function MyReply({ m, v, row }: { m: MeetingDetail; v: NoticeView; row: Row }) {
  const { t } = useI18n();
  const [value, setValue] = useState<ReplyBody>(asBody(row));
  const save = useNoticeAct(
    (body: ReplyBody) => api.put(`/meetings/${m.itemId}/notice/replies/${row.personId}`, body),
    'meetings.notice.replied',
  );
  return (
    <Card size="small" title={t('meetings.notice.myReply')} data-testid="my-reply">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {row.reply && <ReplyState row={row} />}
        <ReplyFields
          value={value}
          onChange={setValue}
          allowSubstitute={v.substitutesAllowed || row.role === 'sitIn'}
          allowLeave={!v.isChair}
          testId="my-reply-form"
        />
        <Button type="primary" block loading={save.isPending} onClick={() => save.mutate(value)} data-testid="my-reply-submit">
          {t('meetings.notice.submitReply')}
        </Button>
      </Space>
    </Card>
  );
}

/** Where a reply stands: the answer, the substitute, the chair's decision on leave, late, who recorded it. */
function ReplyState({ row }: { row: Row }) {
  const { t } = useI18n();
  return (
    <Space size={4} wrap data-testid={`reply-state-${row.name}`}>
      <Tag color={row.reply === 'attend' ? 'green' : row.reply ? 'blue' : 'default'}>
        {t(row.reply ? `meetings.notice.reply.${row.reply}` : 'meetings.notice.reply.none')}
      </Tag>
      {row.substitute && (
        <span>{t('meetings.notice.substituteOf', { name: row.substitute.name, post: row.substitute.post })}</span>
      )}
      {row.reason && <Typography.Text type="secondary">{row.reason}</Typography.Text>}
      {row.leave && (
        <Tag color={row.leave === 'approved' ? 'green' : row.leave === 'refused' ? 'red' : 'orange'}>
          {t(`meetings.notice.leave.${row.leave}`)}
        </Tag>
      )}
      {row.leaveRefusal && (
        <Typography.Text type="danger">{t('meetings.notice.leaveRefusal', { reason: row.leaveRefusal })}</Typography.Text>
      )}
      {row.late && <Tag color="red">{t('meetings.notice.lateReply')}</Tag>}
      {row.recordedBy && (
        <Typography.Text type="secondary">{t('meetings.notice.recordedBy', { name: row.recordedBy })}</Typography.Text>
      )}
    </Space>
  );
}

/** The chair's answer to a leave request: approve, or refuse with a reason. */
function LeaveDecision({ m, row }: { m: MeetingDetail; row: Row }) {
  const { t } = useI18n();
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState('');
  const decide = useNoticeAct(
    (body: { approve: boolean; reason: string | null }) =>
      api.post(`/meetings/${m.itemId}/notice/replies/${row.personId}/leave`, body),
    'meetings.notice.decided',
    () => setRefusing(false),
  );
  return (
    <Space size={4} wrap>
      <Button
        size="small"
        type="primary"
        onClick={() => decide.mutate({ approve: true, reason: null })}
        data-testid={`leave-approve-${row.name}`}
      >
        {t('meetings.notice.approve')}
      </Button>
      <Button size="small" danger onClick={() => setRefusing(true)}>
        {t('meetings.notice.refuse')}
      </Button>
      <Modal
        open={refusing}
        title={t('meetings.notice.refuseReason')}
        onCancel={() => setRefusing(false)}
        onOk={() => decide.mutate({ approve: false, reason })}
        okButtonProps={{ danger: true, loading: decide.isPending }}
      >
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Space>
  );
}

/** The office takes a reply by phone on someone's behalf (recorded as theirs). */
function ReplyForButton({ m, v, row }: { m: MeetingDetail; v: NoticeView; row: Row }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState<ReplyBody>(asBody(row));
  const save = useNoticeAct(
    (body: ReplyBody) => api.put(`/meetings/${m.itemId}/notice/replies/${row.personId}`, body),
    'meetings.notice.replied',
    () => setOpen(false),
  );
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {t('meetings.notice.byPhone')}
      </Button>
      <Modal
        open={open}
        title={t('meetings.notice.replyFor', { name: row.name })}
        onCancel={() => setOpen(false)}
        onOk={() => save.mutate(value)}
        okButtonProps={{ loading: save.isPending }}
      >
        <ReplyFields
          value={value}
          onChange={setValue}
          allowSubstitute={v.substitutesAllowed || row.role === 'sitIn'}
          allowLeave={row.personId !== m.chair.id}
          testId="reply-for"
        />
      </Modal>
    </>
  );
}

/** The roster the reader may see, with the chair's leave decisions and the office's replies by phone. */
function Roster({ m, v }: { m: MeetingDetail; v: NoticeView }) {
  const { t } = useI18n();
  const me = useMe();
  const mobile = Grid.useBreakpoint().md === false;
  const actions = (r: Row) => (
    <Space size={4} wrap>
      {v.mayDecideLeave && r.leave === 'pending' && <LeaveDecision m={m} row={r} />}
      {r.mayReply && r.personId !== me.personId && <ReplyForButton m={m} v={v} row={r} />}
    </Space>
  );
  const who = (r: Row) => (
    <Space size={4} wrap>
      <strong>{r.name}</strong>
      <Tag>{t(`meetings.notice.role.${r.role}`)}</Tag>
      {r.unit && <Typography.Text type="secondary">{r.unit}</Typography.Text>}
      {r.withdrawn && <Tag data-testid="notice-withdrawn">{t('meetings.notice.withdrawn')}</Tag>}
    </Space>
  );
  return mobile ? (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="notice-roster">
      {v.roster.map((r) => (
        <Card key={r.personId} size="small">
          <Space orientation="vertical" size={4}>
            {who(r)}
            <ReplyState row={r} />
            {actions(r)}
          </Space>
        </Card>
      ))}
    </Space>
  ) : (
    <Table<Row>
      rowKey="personId"
      size="small"
      pagination={false}
      dataSource={v.roster}
      data-testid="notice-roster"
      columns={[
        { title: t('meetings.notice.person'), render: (_, r) => who(r), width: 320 },
        { title: t('meetings.notice.reply'), render: (_, r) => <ReplyState row={r} /> },
        { title: '', render: (_, r) => actions(r), width: 200 },
      ]}
    />
  );
}

/** 签收 by a unit's registrar with the replies of the unit's invited people, or 退回 with a reason. */
function ReceiveNotice({ m, v, receipt }: { m: MeetingDetail; v: NoticeView; receipt: NoticeView['myReceipts'][number] }) {
  const { t } = useI18n();
  const people = v.roster.filter((r) => receipt.personIds.includes(r.personId));
  const [values, setValues] = useState<Record<string, ReplyBody>>(Object.fromEntries(people.map((p) => [p.personId, asBody(p)])));
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const accept = useNoticeAct(
    () =>
      api.post(`/meetings/${m.itemId}/notice/receipts/${receipt.dispatchId}/accept`, {
        replies: people.map((p) => ({ personId: p.personId, ...values[p.personId]! })),
      }),
    'meetings.notice.received',
  );
  const back = useNoticeAct(
    () => api.post(`/meetings/${m.itemId}/notice/receipts/${receipt.dispatchId}/return`, { reason }),
    'meetings.notice.returned',
    () => setReturning(false),
  );
  return (
    <Card size="small" title={t('meetings.notice.receiveTitle')} data-testid="notice-receive">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text>{t('meetings.notice.receiveText', { unit: receipt.unit })}</Typography.Text>
        {people.map((p) => (
          <Card
            key={p.personId}
            size="small"
            type="inner"
            title={
              <Space>
                {p.name}
                <Tag>{t(`meetings.notice.role.${p.role}`)}</Tag>
              </Space>
            }
          >
            <ReplyFields
              value={values[p.personId]!}
              onChange={(val) => setValues((s) => ({ ...s, [p.personId]: val }))}
              allowSubstitute={v.substitutesAllowed || p.role === 'sitIn'}
              testId={`receive-${p.name}`}
            />
          </Card>
        ))}
        <Button
          type="primary"
          size="large"
          block
          loading={accept.isPending}
          onClick={() => accept.mutate(undefined)}
          data-testid="notice-accept"
        >
          {t('meetings.notice.receive')}
        </Button>
        <Button block onClick={() => setReturning(true)}>
          {t('meetings.notice.return')}
        </Button>
      </Space>
      <Modal
        open={returning}
        title={t('meetings.notice.returnReason')}
        onCancel={() => setReturning(false)}
        onOk={() => back.mutate(undefined)}
        okButtonProps={{ danger: true, loading: back.isPending }}
      >
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Card>
  );
}

/** The meeting's notice and replies, as far as the reader's part goes. */
export function NoticePanel({ m }: { m: MeetingDetail }) {
  const { t, te } = useI18n();
  const me = useMe();
  const q = useQuery({
    queryKey: noticeKey(m.itemId),
    queryFn: () => api.get<NoticeView>(`/meetings/${m.itemId}/notice`),
    retry: false,
  });
  if (q.isLoading) return null;
  if (q.error) return <Result status="error" title={te(q.error)} />;
  const v = q.data!;
  const mine = v.roster.find((r) => r.personId === me.personId);
  const pending = v.roster.filter((r) => r.leave === 'pending').length;
  const others = v.roster.filter((r) => r.personId !== me.personId);
  // Before it is sent the notice concerns the office and the chair only.
  if (!v.notice && !v.wholeRoster) return null;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {v.myReceipts.map((r) => (
        <ReceiveNotice key={r.dispatchId} m={m} v={v} receipt={r} />
      ))}
      {mine?.mayReply && <MyReply key={`${mine.reply}-${mine.repliedAt}`} m={m} v={v} row={mine} />}
      <Card
        size="small"
        title={
          <Space size={8} wrap style={{ whiteSpace: 'normal' }}>
            <span>{t('meetings.notice.title')}</span>
            {v.isChair && pending > 0 && <Tag color="orange">{t('meetings.notice.pendingLeave', { n: pending })}</Tag>}
          </Space>
        }
        data-testid="notice-panel"
      >
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {v.notice ? (
            <NoticeContent v={v} />
          ) : (
            <Typography.Text type="secondary">
              {t(v.maySend ? 'meetings.notice.notSent' : 'meetings.notice.waitAgenda')}
            </Typography.Text>
          )}
          {v.maySend && <SendForm key={v.notice?.sentAt ?? 'new'} m={m} v={v} />}
          <NoticeDeliveries meetingId={m.itemId} v={v} />
          {v.notice && (v.wholeRoster || others.length > 0 || (mine && !mine.mayReply)) && (
            <>
              <Typography.Text strong>{t('meetings.notice.roster')}</Typography.Text>
              <Roster m={m} v={v} />
            </>
          )}
        </Space>
      </Card>
    </Space>
  );
}
