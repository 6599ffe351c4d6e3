import { useState } from 'react';
import { Alert, App, Button, Input, InputNumber, Popover, Select, Space, Typography } from 'antd';
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import dayjs from 'dayjs';
import { api, qs } from '../../api/client';
import { useI18n } from '../../i18n';
import { useSettled } from '../../settled';
import type { topicListSchema } from '../../../contract/meetings';
import { usePolicy } from './materials/queries';
import type { MeetingDetail } from './queries';

// Building the agenda: the office picks a topic from its 议题库 — searched on the server by title or number, a page at
// a time, for an office may hold hundreds — with its reporting time; a slot over the office's 精文减会 speech limit
// asks for a reason, as the plan does (the server refuses it without one).

type AgendaRow = MeetingDetail['agenda'][number];
const PAGE = 30;

/** Pooled topics of the meeting's office and kind whose title or number holds the text typed, a page at a time. */
function usePool(m: MeetingDetail, text: string, enabled: boolean) {
  const q = useSettled(text.trim(), 250);
  const res = useInfiniteQuery({
    queryKey: ['meetings', 'pool', m.office.id, m.meetingKind, q],
    queryFn: ({ pageParam }) =>
      api.get<z.output<typeof topicListSchema>>(
        `/meeting-topics${qs({
          stage: 'proposed',
          officeUnitId: m.office.id,
          meetingKind: m.meetingKind,
          q: q || undefined,
          limit: PAGE,
          cursor: pageParam,
        })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled,
  });
  return { res, rows: res.data?.pages.flatMap((p) => p.items) ?? [], busy: res.isFetching || q !== text.trim() };
}

/** The office's speech limit for the meeting's year, and whether these minutes go over it. */
function useSpeechLimit(m: MeetingDetail) {
  const policy = usePolicy(m.office.id, dayjs(m.startsAt).year());
  const max = policy.data?.maxSpeechMin ?? null;
  return { max, over: (minutes: number | null) => max !== null && minutes !== null && minutes > max };
}

/** The warning and the reason field shown while the minutes are over the limit. */
function OverLimit({ max, reason, onReason }: { max: number; reason: string; onReason: (v: string) => void }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <Alert type="warning" showIcon title={t('meetings.agenda.overLimit', { max })} data-testid="agenda-over-limit" />
      <Input.TextArea
        rows={2}
        maxLength={500}
        value={reason}
        onChange={(e) => onReason(e.target.value)}
        placeholder={t('meetings.agenda.reasonHint')}
        aria-label={t('meetings.agenda.reason')}
        data-testid="agenda-reason"
      />
    </Space>
  );
}

/** The office adds a topic from the 议题库 (after the agenda is fixed, the chair decides it). */
export function AddTopic({ m }: { m: MeetingDetail }) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [topic, setTopic] = useState<string>();
  const [minutes, setMinutes] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const pool = usePool(m, text, open || text !== '');
  const limit = useSpeechLimit(m);
  // Once the plan is with the chair (or fixed), an addition is the chair's to agree.
  const asks = m.stateKey !== 'plan' && !m.isChair;
  const add = useMutation({
    mutationFn: () =>
      api.post(`/meetings/${m.itemId}/agenda`, {
        topicItemId: topic,
        minutes,
        overrideReason: limit.over(minutes) ? reason.trim() || null : null,
      }),
    onSuccess: async () => {
      message.success(t(asks ? 'meetings.agenda.asked' : 'meetings.agenda.added'));
      setTopic(undefined);
      setMinutes(null);
      setReason('');
      await qc.invalidateQueries({ queryKey: ['meetings'] });
    },
    onError: (e) => void message.error(te(e)),
  });
  const taken = new Set(m.agenda.map((a) => a.topicItemId));
  const options = pool.rows
    .filter((r) => !taken.has(r.itemId))
    .map((r) => ({ value: r.itemId, label: [r.registryNo, r.title].filter(Boolean).join(' ') }));
  const over = limit.over(minutes);
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%', maxWidth: 640 }}>
      <Select
        showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
        value={topic}
        onChange={(v) => {
          setTopic(v);
          setText('');
        }}
        onOpenChange={setOpen}
        options={options}
        placeholder={t('meetings.agenda.search')}
        loading={pool.busy}
        notFoundContent={pool.busy ? null : undefined}
        onPopupScroll={(e) => {
          const el = e.currentTarget;
          if (el.scrollTop + el.clientHeight >= el.scrollHeight - 8 && pool.res.hasNextPage && !pool.res.isFetchingNextPage)
            void pool.res.fetchNextPage();
        }}
        popupRender={(menu) => (
          <>
            {menu}
            {pool.res.hasNextPage && (
              <Button
                type="link"
                block
                loading={pool.res.isFetchingNextPage}
                onClick={() => void pool.res.fetchNextPage()}
                data-testid="agenda-more"
              >
                {t('meetings.agenda.more')}
              </Button>
            )}
          </>
        )}
        style={{ width: '100%' }}
        data-testid="agenda-pick"
      />
      <Space wrap>
        <InputNumber
          min={1}
          max={240}
          value={minutes}
          onChange={(v) => setMinutes(v ?? null)}
          placeholder={t('meetings.agenda.minutes')}
          aria-label={t('meetings.agenda.minutes')}
          style={{ width: 180 }}
          data-testid="agenda-minutes"
        />
        <Button
          type="primary"
          disabled={!topic || (over && reason.trim().length === 0)}
          loading={add.isPending}
          onClick={() => add.mutate()}
          data-testid="agenda-add"
        >
          {t(asks ? 'meetings.agenda.ask' : 'meetings.agenda.add')}
        </Button>
      </Space>
      {over && <OverLimit max={limit.max!} reason={reason} onReason={setReason} />}
    </Space>
  );
}

/** A topic's reporting time, changed by the office or the chair until the meeting starts (checked against the limit). */
export function SlotCell({ m, a, editable }: { m: MeetingDetail; a: AgendaRow; editable: boolean }) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [minutes, setMinutes] = useState<number | null>(a.minutes);
  const [reason, setReason] = useState('');
  const limit = useSpeechLimit(m);
  const over = limit.over(minutes);
  const save = useMutation({
    mutationFn: () =>
      api.put(`/meetings/${m.itemId}/agenda/${a.id}/slot`, { minutes, overrideReason: over ? reason.trim() || null : null }),
    onSuccess: async () => {
      message.success(t('meetings.agenda.slotSaved'));
      setOpen(false);
      await qc.invalidateQueries({ queryKey: ['meetings'] });
    },
    onError: (e) => void message.error(te(e)),
  });
  const shown = a.minutes !== null ? t('meetings.agenda.minutesOf', { n: a.minutes }) : '—';
  if (!editable) return <Typography.Text type={limit.over(a.minutes) ? 'warning' : undefined}>{shown}</Typography.Text>;
  return (
    <Popover
      open={open}
      onOpenChange={(v) => {
        setOpen(v);
        setMinutes(a.minutes);
        setReason('');
      }}
      trigger="click"
      title={t('meetings.agenda.setSlot')}
      content={
        <Space orientation="vertical" size={8} style={{ width: 260, maxWidth: '80vw' }}>
          <InputNumber
            min={1}
            max={240}
            value={minutes}
            onChange={(v) => setMinutes(v ?? null)}
            aria-label={t('meetings.agenda.minutes')}
            style={{ width: '100%' }}
            data-testid="slot-minutes"
          />
          {over && <OverLimit max={limit.max!} reason={reason} onReason={setReason} />}
          <Button
            type="primary"
            block
            loading={save.isPending}
            disabled={over && reason.trim().length === 0}
            onClick={() => save.mutate()}
            data-testid="slot-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Button size="small" type="link" data-testid="agenda-slot">
        {shown}
      </Button>
    </Popover>
  );
}
