import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../../api/client';
import type { meetingDecisionsSchema, meetingRecordSchema } from '../../../../contract/meetings-minutes';

export type MeetingDecisions = z.output<typeof meetingDecisionsSchema>;
export type MeetingRecord = z.output<typeof meetingRecordSchema>;

/** The decisions, the 纪要 and what the reader may do with them (every reader of the meeting). */
export const useMeetingDecisions = (meetingId: string) =>
  useQuery({
    queryKey: ['meetings', 'meeting', meetingId, 'decisions'],
    queryFn: () => api.get<MeetingDecisions>(`/meetings/${meetingId}/decisions`),
    retry: false,
  });

/** The record, asked for only by those told they read it. */
export const useMeetingRecord = (meetingId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['meetings', 'meeting', meetingId, 'record'],
    queryFn: () => api.get<MeetingRecord>(`/meetings/${meetingId}/record`),
    enabled,
    retry: false,
  });
