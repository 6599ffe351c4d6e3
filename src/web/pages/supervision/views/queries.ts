import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, qs } from '../../../api/client';
import type {
  supervisionBoardSchema,
  supervisionCalendarSchema,
  supervisionLeaderSchema,
} from '../../../../contract/supervision-views';

// The reads of 督查督办's views, typed by the shared contract (GET /supervision/board, /leader, /calendar).

export type SupervisionBoard = z.output<typeof supervisionBoardSchema>;
export type BoardRow = SupervisionBoard['groups']['pending']['items'][number];
export type LeaderRow = z.output<typeof supervisionLeaderSchema>['items'][number];
type SupervisionCalendar = z.output<typeof supervisionCalendarSchema>;
export type CalendarItem = SupervisionCalendar['days'][number]['items'][number];

export const useSupervisionBoard = (unitId: string | undefined) =>
  useQuery({
    queryKey: ['supervision', 'board', unitId ?? null],
    queryFn: () => api.get<SupervisionBoard>(`/supervision/board${qs({ unitId })}`),
    placeholderData: keepPreviousData,
  });

export const useSupervisionLeader = () =>
  useQuery({
    queryKey: ['supervision', 'leader'],
    queryFn: () => api.get<z.output<typeof supervisionLeaderSchema>>('/supervision/leader'),
  });

export const useSupervisionCalendar = (month: string) =>
  useQuery({
    queryKey: ['supervision', 'calendar', month],
    queryFn: () => api.get<SupervisionCalendar>(`/supervision/calendar${qs({ month })}`),
    placeholderData: keepPreviousData,
  });
