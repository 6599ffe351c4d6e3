import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, qs } from '../../api/client';
import type {
  SupervisionFilter,
  supervisionDetailSchema,
  supervisionListSchema,
  supervisionSchema,
} from '../../../contract/supervision';

// The 督查督办 pages' reads, typed by the shared contract (GET /supervision, GET /supervision/:id).

export type Supervision = z.output<typeof supervisionSchema>;
type SupervisionList = z.output<typeof supervisionListSchema>;
export type SupervisionDetail = z.output<typeof supervisionDetailSchema>;

/** The register's filters as they stand in the address; the list and its export take the same (the contract's). */
export const FILTER_KEYS = [
  'source',
  'category',
  'unitId',
  'leaderId',
  'light',
  'state',
  'openedFrom',
  'openedTo',
  'dueFrom',
  'dueTo',
  'q',
] as const satisfies readonly (keyof SupervisionFilter)[];
export type SupervisionFilters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

const PAGE_SIZE = 30;

/** The register a page at a time (the server's cursor); the server lists only what the reader may read. */
export function useSupervisionList(filters: SupervisionFilters) {
  const res = useInfiniteQuery({
    queryKey: ['supervision', 'list', filters],
    queryFn: ({ pageParam }) =>
      api.get<SupervisionList>(`/supervision${qs({ ...filters, limit: PAGE_SIZE, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const first = res.data?.pages[0];
  return { res, rows: res.data?.pages.flatMap((p) => p.items) ?? [], total: first?.total, byLight: first?.byLight };
}

export const useSupervision = (id: string) =>
  useQuery({ queryKey: ['supervision', 'item', id], queryFn: () => api.get<SupervisionDetail>(`/supervision/${id}`) });
