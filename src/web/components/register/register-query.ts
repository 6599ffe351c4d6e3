import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import type { RegisterSort } from '../../../contract/register';

/** The filters of a register as they stand in the page's address: shareable, and the back button restores them. */
export interface RegisterFilters {
  q?: string;
  from?: string;
  to?: string;
  /** 来文单位 (收文) or 主送 (发文). */
  party?: string;
  state?: string;
  urgency?: string;
  handler?: string;
  overdue?: boolean;
  toFile?: boolean;
  sort?: RegisterSort;
  dir?: 'asc' | 'desc';
}

const TEXT_KEYS = ['q', 'from', 'to', 'party', 'state', 'urgency', 'handler'] as const;
const SORTS: readonly string[] = ['date', 'number', 'deadline'];

/** How many filters narrow the list (the search box and the order are not counted). */
export const activeFilters = (f: RegisterFilters) =>
  [f.from || f.to, f.party, f.state, f.urgency, f.handler, f.overdue, f.toFile].filter(Boolean).length;

export function useRegisterFilters() {
  const [search, setSearch] = useSearchParams();
  const filters = useMemo<RegisterFilters>(() => {
    const f: RegisterFilters = {};
    for (const k of TEXT_KEYS) {
      const v = search.get(k);
      if (v) f[k] = v;
    }
    if (search.get('overdue') === '1') f.overdue = true;
    if (search.get('toFile') === '1') f.toFile = true;
    const sort = search.get('sort');
    if (sort && SORTS.includes(sort)) f.sort = sort as RegisterSort;
    const dir = search.get('dir');
    if (dir === 'asc' || dir === 'desc') f.dir = dir;
    return f;
  }, [search]);
  /** Each change is a step in the browser's history, so Back undoes it. */
  const setFilters = useCallback(
    (next: RegisterFilters) => {
      const p = new URLSearchParams();
      for (const k of TEXT_KEYS) if (next[k]) p.set(k, next[k]);
      if (next.overdue) p.set('overdue', '1');
      if (next.toFile) p.set('toFile', '1');
      if (next.sort) p.set('sort', next.sort);
      if (next.dir) p.set('dir', next.dir);
      setSearch(p);
    },
    [setSearch],
  );
  return { filters, setFilters };
}

/** The query string the server takes for these filters (the party is 来文单位 or 主送 by module). */
export function serverQuery(f: RegisterFilters, partyParam: 'sender' | 'recipient', filingPending: string) {
  return {
    q: f.q,
    from: f.from,
    to: f.to,
    [partyParam]: f.party,
    state: f.state,
    urgency: f.urgency,
    handler: f.handler,
    overdue: f.overdue ? 1 : undefined,
    filing: f.toFile ? filingPending : undefined,
    sort: f.sort,
    dir: f.dir,
  };
}

const PAGE_SIZE = 30;

/** A register a page at a time (keyset: the server's cursor), with the total matching the filters. */
export function useRegisterList<T>(module: string, query: Record<string, string | number | undefined>) {
  const res = useInfiniteQuery({
    queryKey: [module, 'list', query],
    queryFn: ({ pageParam }) =>
      api.get<{ total: number; nextCursor: string | null; states: { key: string; name: string }[]; items: T[] }>(
        `/${module}${qs({ ...query, limit: PAGE_SIZE, cursor: pageParam })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const pages = res.data?.pages ?? [];
  // Until the rows of these filters have come, there is no count to show: never a false 共 0 件.
  const known = res.data !== undefined && !res.isPlaceholderData;
  return {
    res,
    rows: pages.flatMap((p) => p.items),
    total: pages[0]?.total ?? 0,
    states: pages[0]?.states ?? [],
    known,
    loading: !known && !res.isError,
  };
}
