import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, qs } from '../../api/client';
import type {
  meetingDetailSchema,
  meetingKindInfoSchema,
  meetingListSchema,
  TOPIC_STAGES,
  topicDetailSchema,
  topicListSchema,
  topicOfficesSchema,
} from '../../../contract/meetings';
import type { officeKindsSchema } from '../../../contract/meetings-kinds';

// The 议题 pages' reads, typed by the shared contract (GET /meeting-topics …).

export type TopicDetail = z.output<typeof topicDetailSchema>;
type TopicList = z.output<typeof topicListSchema>;
export type TopicRow = TopicList['items'][number];
export type TopicStage = (typeof TOPIC_STAGES)[number];
type MeetingKindInfo = z.output<typeof meetingKindInfoSchema>;

const PAGE_SIZE = 30;

/** The topics the reader may read, a page at a time, by stage. */
export function useTopics(stage: TopicStage | undefined) {
  const res = useInfiniteQuery({
    queryKey: ['meetings', 'topics', stage ?? 'all'],
    queryFn: ({ pageParam }) => api.get<TopicList>(`/meeting-topics${qs({ stage, limit: PAGE_SIZE, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  return { res, rows: res.data?.pages.flatMap((p) => p.items) ?? [] };
}

export const useTopic = (id: string) =>
  useQuery({ queryKey: ['meetings', 'topic', id], queryFn: () => api.get<TopicDetail>(`/meeting-topics/${id}`), retry: false });

export const useTopicOffices = () =>
  useQuery({
    queryKey: ['meetings', 'offices'],
    queryFn: () => api.get<z.output<typeof topicOfficesSchema>>('/meeting-topics/offices'),
    staleTime: 5 * 60_000,
  });

export const useMeetingKinds = () =>
  useQuery({
    queryKey: ['meetings', 'kinds'],
    queryFn: () => api.get<{ items: MeetingKindInfo[] }>('/meeting-topics/kinds'),
    staleTime: 5 * 60_000,
  });

export type MeetingDetail = z.output<typeof meetingDetailSchema>;
type MeetingList = z.output<typeof meetingListSchema>;
export type MeetingRow = MeetingList['items'][number];

/** The meetings the reader may read: upcoming soonest first, or past latest first. */
export function useMeetings(when: 'upcoming' | 'past') {
  const res = useInfiniteQuery({
    queryKey: ['meetings', 'list', when],
    queryFn: ({ pageParam }) => api.get<MeetingList>(`/meetings${qs({ when, limit: PAGE_SIZE, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  return { res, rows: res.data?.pages.flatMap((p) => p.items) ?? [] };
}

export const useMeeting = (id: string, enabled = true) =>
  useQuery({
    queryKey: ['meetings', 'meeting', id],
    queryFn: () => api.get<MeetingDetail>(`/meetings/${id}`),
    enabled,
    retry: false,
  });

export type OfficeKinds = z.output<typeof officeKindsSchema>;

/** The kinds of meeting an office holds, as it holds them (会议类型设置); none until an office is chosen. */
export const useOfficeKinds = (officeUnitId: string | undefined) =>
  useQuery({
    queryKey: ['meetings', 'officeKinds', officeUnitId],
    queryFn: () => api.get<OfficeKinds>(`/meetings/kinds${qs({ officeUnitId })}`),
    enabled: !!officeUnitId,
  });
