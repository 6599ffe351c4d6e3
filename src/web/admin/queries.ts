import { App } from 'antd';
import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { api, qs } from '../api/client';
import type { Department, Page, Person, Unit } from '../api/types';
import { useI18n } from '../i18n';

/** Query keys shared with the business pages' pickers, so a change made here shows there too. */
export const keys = {
  units: ['units'] as const,
  departments: (unitId: string | null | undefined) => ['departments', unitId] as const,
  people: ['admin', 'people'] as const,
  directory: ['admin', 'people', 'directory'] as const,
  delegations: ['delegations'] as const,
  roleGrants: ['admin', 'role-grants'] as const,
  calendar: ['calendar'] as const,
  audit: ['admin', 'audit'] as const,
};

/** The whole organisation, for the admin's tree: the one place that loads every unit (pickers search, `UnitSelect`). */
export function useUnits() {
  return useQuery({
    queryKey: [...keys.units, 'all'],
    queryFn: () => api.get<{ items: Unit[] }>('/org/units?all=true'),
    select: (d) => d.items,
  });
}

export function useDepartments(unitId: string | null | undefined) {
  return useQuery({
    queryKey: keys.departments(unitId),
    queryFn: () => api.get<{ items: Department[] }>(`/org/units/${unitId}/departments`),
    select: (d) => d.items,
    enabled: Boolean(unitId),
  });
}

export interface PeopleQuery {
  q?: string;
  unitId?: string;
  cursor?: string;
  limit?: number;
}

export function usePeople(p: PeopleQuery) {
  return useQuery({
    queryKey: [...keys.people, p],
    queryFn: () =>
      api.get<Page<Person>>(
        `/org/people${qs({ q: p.q || undefined, unitId: p.unitId, cursor: p.cursor, limit: p.limit ?? 20 })}`,
      ),
    placeholderData: (prev) => prev,
  });
}

/**
 * Names for the ids that grants and audit events carry. The API has no look-up by id, so this reads the
 * first page of people (the API's maximum, 200); ids beyond it are shown as ids.
 */
export function usePeopleDirectory() {
  return useQuery({
    queryKey: keys.directory,
    queryFn: () => api.get<Page<Person>>('/org/people?limit=200'),
    select: (d) => new Map(d.items.map((p) => [p.id, p])),
    staleTime: 60_000,
  });
}

/**
 * A write with its follow-up: the lists it changes are fetched again, success is announced, and a failure
 * shows the server's own message (as a toast, or left on `error` for a dialog to show beside its fields).
 */
export function useAction<V, R = unknown>(
  run: (v: V) => Promise<R>,
  opts: { invalidate: QueryKey[]; success?: string | ((r: R, v: V) => string); toastErrors?: boolean },
) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { te } = useI18n();
  return useMutation({
    mutationFn: run,
    onSuccess: async (r, v) => {
      await Promise.all(opts.invalidate.map((k) => qc.invalidateQueries({ queryKey: k })));
      const text = typeof opts.success === 'function' ? opts.success(r, v) : opts.success;
      if (text) message.success(text);
    },
    onError: (e) => {
      if (opts.toastErrors !== false) message.error(te(e));
    },
  });
}
