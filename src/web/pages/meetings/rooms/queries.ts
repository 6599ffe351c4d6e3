import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import type { z } from 'zod';
import { api, qs } from '../../../api/client';
import { useI18n } from '../../../i18n';
import type { bookingListSchema, bookingSchema, CreateRoom, roomSchema, roomWeekSchema } from '../../../../contract/meetings';

// The 会议室 pages' reads and commands, typed by the shared contract (/api/v1/rooms).

export type Room = z.output<typeof roomSchema>;
export type Booking = z.output<typeof bookingSchema>;
type RoomWeek = z.output<typeof roomWeekSchema>;

export interface BookingInput {
  startsAt: string;
  endsAt: string;
  subject: string;
  attendeeCount: number;
  needs: string[];
  classification: string;
}

export const useRoomWeek = (start: string | undefined) =>
  useQuery({
    queryKey: ['rooms', 'week', start ?? null],
    queryFn: () => api.get<RoomWeek>(`/rooms/week${qs({ start })}`),
    placeholderData: keepPreviousData,
  });

export const useBookings = (scope: 'pending' | 'mine') =>
  useQuery({
    queryKey: ['rooms', 'bookings', scope],
    queryFn: () => api.get<z.output<typeof bookingListSchema>>(`/rooms/bookings${qs({ scope })}`),
  });

/** A command on rooms or bookings: every room read is fresh after it; its error shown as a toast (and to the caller). */
export function useRoomCommand<V, R>(run: (v: V) => Promise<R>, done?: (r: R) => void) {
  const client = useQueryClient();
  const { message } = App.useApp();
  const { te } = useI18n();
  return useMutation({
    mutationFn: run,
    onSuccess: async (r) => {
      done?.(r);
      await client.invalidateQueries({ queryKey: ['rooms'] });
    },
    onError: (e) => void message.error(te(e)),
  });
}

export const applyBooking = (roomId: string, v: BookingInput) => api.post<Booking>(`/rooms/${roomId}/bookings`, v);
export const decideBooking = (id: string, decision: 'allow' | 'deny', reason: string | null) =>
  api.post<Booking>(`/rooms/bookings/${id}/decide`, { decision, reason });
export const cancelBooking = (id: string, reason: string | null) => api.post<Booking>(`/rooms/bookings/${id}/cancel`, { reason });
export const saveRoom = (id: string | null, v: CreateRoom) =>
  id ? api.put<Room>(`/rooms/${id}`, v) : api.post<Room>('/rooms', v);

/** Every room the reader may book (GET /rooms), for a picker. */
export const useRoomList = () =>
  useQuery({
    queryKey: ['rooms', 'list'],
    queryFn: () => api.get<{ items: Room[] }>('/rooms'),
    select: (r) => r.items.filter((x) => x.available),
  });
