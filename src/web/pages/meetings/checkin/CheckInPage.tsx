import { useEffect, useRef } from 'react';
import { Card, Result, Spin, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { api } from '../../../api/client';
import { useI18n } from '../../../i18n';
import type { QrCheckInResult } from '../../../../contract/meetings-checkin';
import { CheckInPanel, useCheckIns } from './CheckInPanel';

/**
 * The page an attendee's phone opens from the screen's QR code (/meetings/:id/check-in?t=…): signed in (the shell sends
 * them to sign in and back), it checks them in at once and says so in large type — or why not, in the server's words.
 * Opened without a code, it holds the check-in panel for the meeting's staff, who may not read the meeting's page.
 */
export function CheckInPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const token = params.get('t') ?? '';
  const { t, te } = useI18n();
  // Without a code, the staff's panel (for whoever may keep it); the query is the panel's own, polled there.
  const sheet = useCheckIns(id, !token);
  const checkIn = useMutation({
    mutationFn: () => api.post<QrCheckInResult>(`/meetings/${id}/check-ins/qr`, { token }),
  });
  // Once per page load: a second scan would only answer "already checked in".
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current || !token) return;
    sent.current = true;
    checkIn.mutate();
  }, [token, checkIn]);

  const body = () => {
    if (!token) return <Result status="warning" title={t('meetings.checkIn.page.noToken')} />;
    if (checkIn.isError)
      return (
        <Result
          status="error"
          title={t('meetings.checkIn.page.failed')}
          subTitle={<Typography.Text style={{ fontSize: 18 }}>{te(checkIn.error)}</Typography.Text>}
        />
      );
    if (!checkIn.data) return <Result icon={<Spin size="large" />} title={t('meetings.checkIn.page.working')} />;
    const r = checkIn.data;
    return (
      <Result
        status="success"
        title={
          <span style={{ fontSize: 30 }}>{t(r.already ? 'meetings.checkIn.page.already' : 'meetings.checkIn.page.success')}</span>
        }
        subTitle={
          <span style={{ fontSize: 17 }}>
            {r.meetingTitle}
            <br />
            {t('meetings.checkIn.page.detail', {
              name: r.name,
              role: t(`meetings.checkIn.role.${r.role}`),
              time: dayjs(r.at).format('HH:mm'),
            })}
          </span>
        }
      />
    );
  };
  if (!token && sheet.isLoading) return <Spin />;
  if (!token && sheet.data?.mayRecord) return <CheckInPanel meetingItemId={id} standalone />;
  return (
    <Card title={t('meetings.checkIn.page.title')} data-testid="checkin-result">
      {body()}
    </Card>
  );
}
