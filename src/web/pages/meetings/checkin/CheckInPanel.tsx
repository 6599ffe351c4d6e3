import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Grid, Input, Modal, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import QRCode from 'qrcode';
import dayjs from 'dayjs';
import type { z } from 'zod';
import { api } from '../../../api/client';
import { useI18n } from '../../../i18n';
import type { CheckInSheet, checkInCodeSchema } from '../../../../contract/meetings-checkin';

type Person = CheckInSheet['people'][number];
type Code = z.output<typeof checkInCodeSchema>;

const sheetKey = (id: string) => ['meetings', 'checkIns', id];

/** The check-in sheet, polled while the page is open: the quorum moves as people arrive. */
export const useCheckIns = (id: string, enabled = true) =>
  useQuery({
    queryKey: sheetKey(id),
    queryFn: () => api.get<CheckInSheet>(`/meetings/${id}/check-ins`),
    enabled,
    // Someone who may not read it is told once, not every five seconds (each refusal is audited).
    refetchInterval: (q) => (q.state.status === 'error' ? false : 5_000),
    retry: false,
  });

/** 应到 / 实到 / 请假 / 未到 and whether the quorum is reached, with the rule's figure. */
function Quorum({ q }: { q: CheckInSheet['quorum'] }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="checkin-quorum">
      <Space size={32} wrap>
        <Statistic title={t('meetings.checkIn.due')} value={q.due} />
        <Statistic title={t('meetings.checkIn.present')} value={q.present} data-testid="checkin-present" />
        <Statistic title={t('meetings.checkIn.onLeave')} value={q.onLeave} data-testid="checkin-leave" />
        <Statistic title={t('meetings.checkIn.absent')} value={q.absent} />
      </Space>
      {q.rule ? (
        <Space size={8} wrap>
          <Tag color={q.reached ? 'green' : 'red'} style={{ fontSize: 15, padding: '2px 10px' }} data-testid="checkin-reached">
            {t(q.reached ? 'meetings.checkIn.reached' : 'meetings.checkIn.notReached')}
          </Tag>
          <Typography.Text type="secondary">{t(`meetings.checkIn.rule.${q.rule}`, { n: q.needed ?? 0 })}</Typography.Text>
        </Space>
      ) : (
        <Typography.Text type="secondary">{t('meetings.checkIn.rule.none')}</Typography.Text>
      )}
    </Space>
  );
}

/** The screen's QR code: a fresh token every minute, drawn here (nothing leaves the browser). */
function CheckInQr({ meetingItemId }: { meetingItemId: string }) {
  const { t } = useI18n();
  const code = useQuery({
    queryKey: ['meetings', 'checkInCode', meetingItemId],
    queryFn: () => api.get<Code>(`/meetings/${meetingItemId}/check-in-code`),
    refetchInterval: (q) => (q.state.data?.refreshSeconds ?? 60) * 1000,
    refetchIntervalInBackground: true,
    gcTime: 0,
  });
  const [image, setImage] = useState<string>();
  const url = code.data ? `${window.location.origin}${code.data.url}` : null;
  useEffect(() => {
    if (!url) return;
    let live = true;
    void QRCode.toDataURL(url, { width: 320, margin: 2, errorCorrectionLevel: 'M' }).then((d) => live && setImage(d));
    return () => {
      live = false;
    };
  }, [url]);
  return (
    <Space orientation="vertical" align="center" style={{ width: '100%' }}>
      {image && url ? (
        <img src={image} data-url={url} alt={t('meetings.checkIn.qrHint')} width={280} height={280} data-testid="checkin-qr" />
      ) : (
        <div style={{ width: 280, height: 280 }} />
      )}
      <Typography.Text strong>{t('meetings.checkIn.qrHint')}</Typography.Text>
    </Space>
  );
}

/** The staff undo a mistaken check-in, with the reason. */
function UndoDialog({ meetingItemId, person, onClose }: { meetingItemId: string; person: Person | null; onClose: () => void }) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const undo = useMutation({
    mutationFn: () => api.post(`/meetings/${meetingItemId}/check-ins/${person!.personId}/undo`, { reason }),
    onSuccess: async () => {
      message.success(t('meetings.checkIn.undone'));
      setReason('');
      onClose();
      await qc.invalidateQueries({ queryKey: sheetKey(meetingItemId) });
    },
    onError: (e) => void message.error(te(e)),
  });
  return (
    <Modal
      open={person !== null}
      title={person ? t('meetings.checkIn.undoTitle', { name: person.name }) : ''}
      onCancel={onClose}
      onOk={() => undo.mutate()}
      okButtonProps={{ danger: true, disabled: reason.trim().length < 2, loading: undo.isPending }}
      okText={t('meetings.checkIn.undo')}
    >
      <Input.TextArea
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={t('meetings.checkIn.undoReason')}
        aria-label={t('meetings.checkIn.undoReason')}
        maxLength={200}
        autoSize={{ minRows: 2 }}
        data-testid="checkin-undo-reason"
      />
    </Modal>
  );
}

/**
 * 签到 on the meeting page: the quorum for everyone who may read it; for the office's registrars and the meeting's
 * staff, the QR code to show on the screen and the list to check people in from (and undo a mistake). Standalone (the
 * check-in page, for staff who do not read the meeting's page) it names the meeting.
 */
export function CheckInPanel({ meetingItemId, standalone = false }: { meetingItemId: string; standalone?: boolean }) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const mobile = Grid.useBreakpoint().md === false;
  const q = useCheckIns(meetingItemId);
  const [qr, setQr] = useState(false);
  const [undoing, setUndoing] = useState<Person | null>(null);
  const record = useMutation({
    mutationFn: (personId: string) => api.post(`/meetings/${meetingItemId}/check-ins`, { personId }),
    onSuccess: async () => {
      message.success(t('meetings.checkIn.recorded'));
      await qc.invalidateQueries({ queryKey: sheetKey(meetingItemId) });
    },
    onError: (e) => void message.error(te(e)),
  });
  // Not one who keeps or reads the check-in (a sit-in, a reader of the plan): nothing to show.
  if (!q.data) return null;
  const s = q.data;
  const ended = dayjs(s.endsAt).isBefore(dayjs());
  const state = (p: Person) =>
    p.checkIn ? (
      <Space size={4} wrap>
        <Tag color="green">{t('meetings.checkIn.doneAt', { time: dayjs(p.checkIn.at).format('HH:mm') })}</Tag>
        <Typography.Text type="secondary">
          {p.checkIn.method === 'qr'
            ? t('meetings.checkIn.method.qr')
            : t('meetings.checkIn.method.manual', { by: p.checkIn.by })}
        </Typography.Text>
      </Space>
    ) : (
      <Tag>{t('meetings.checkIn.notYet')}</Tag>
    );
  const action = (p: Person) =>
    !s.mayRecord ? null : p.checkIn ? (
      <Button size="small" onClick={() => setUndoing(p)} data-testid="checkin-undo">
        {t('meetings.checkIn.undo')}
      </Button>
    ) : (
      <Button
        size="small"
        type="primary"
        disabled={!s.open}
        loading={record.isPending && record.variables === p.personId}
        onClick={() => record.mutate(p.personId)}
        data-testid="checkin-record"
      >
        {t('meetings.checkIn.record')}
      </Button>
    );
  const role = (p: Person) => t(`meetings.checkIn.role.${p.role}`);
  return (
    <Card
      title={standalone ? `${t('meetings.checkIn.title')} · ${s.title}` : t('meetings.checkIn.title')}
      size="small"
      data-testid="checkin-panel"
      extra={
        s.mayRecord &&
        s.open && (
          <Button onClick={() => setQr(!qr)} data-testid="checkin-show-qr">
            {t(qr ? 'meetings.checkIn.hideQr' : 'meetings.checkIn.showQr')}
          </Button>
        )
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {!s.open && (
          <Alert
            type="info"
            showIcon
            message={
              ended
                ? t('meetings.checkIn.closed')
                : t('meetings.checkIn.notOpen', { at: dayjs(s.opensAt).format('YYYY-MM-DD HH:mm') })
            }
          />
        )}
        {s.mayRecord && s.open && qr && <CheckInQr meetingItemId={meetingItemId} />}
        <Quorum q={s.quorum} />
        {mobile ? (
          <Space orientation="vertical" style={{ width: '100%' }} data-testid="checkin-list">
            {s.people.map((p) => (
              <Card key={p.personId} size="small">
                <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
                  <Space orientation="vertical" size={2}>
                    <span>
                      <Typography.Text strong>{p.name}</Typography.Text>{' '}
                      <Typography.Text type="secondary">{role(p)}</Typography.Text>
                    </span>
                    {state(p)}
                  </Space>
                  {action(p)}
                </Space>
              </Card>
            ))}
          </Space>
        ) : (
          <Table<Person>
            rowKey="personId"
            size="small"
            pagination={false}
            dataSource={s.people}
            data-testid="checkin-list"
            columns={[
              { title: t('meetings.checkIn.name'), dataIndex: 'name', width: 160 },
              { title: t('meetings.checkIn.role'), render: (_, p) => role(p), width: 120 },
              { title: t('meetings.checkIn.state'), render: (_, p) => state(p) },
              { title: '', render: (_, p) => action(p), width: 100 },
            ]}
          />
        )}
      </Space>
      <UndoDialog meetingItemId={meetingItemId} person={undoing} onClose={() => setUndoing(null)} />
    </Card>
  );
}
