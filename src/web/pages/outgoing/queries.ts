import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { CheckResult, OutgoingDetail, OutgoingVersion } from '../../api/types';
import type { Draft } from '../../../contract/outgoing-draft';
import type { CheckStage } from '../../../contract/outgoing-checks';
import { useSettled } from '../../settled';

export const outgoingKeys = {
  all: ['outgoing'] as const,
  detail: (id: string) => ['outgoing', 'detail', id] as const,
  version: (id: string, no: number) => ['outgoing', 'version', id, no] as const,
};

export const useOutgoing = (id: string) =>
  useQuery({ queryKey: outgoingKeys.detail(id), queryFn: () => api.get<OutgoingDetail>(`/outgoing/${id}`), retry: false });

export const useVersion = (id: string, no: number | undefined) =>
  useQuery({
    queryKey: outgoingKeys.version(id, no ?? 0),
    queryFn: () => api.get<OutgoingVersion>(`/outgoing/${id}/versions/${no}`),
    enabled: Boolean(no),
    staleTime: Infinity,
  });

/** After a change: the document, the lists it is on and the workbench. */
export function useRefreshOutgoing(id?: string) {
  const qc = useQueryClient();
  return async () => {
    await qc.invalidateQueries({ queryKey: id ? outgoingKeys.detail(id) : outgoingKeys.all });
    await qc.invalidateQueries({ queryKey: ['outgoing', 'list'] });
    await qc.invalidateQueries({ queryKey: ['workbench'] });
  };
}

/** 规范性审核 while typing: the server checks the draft half a second after the drafter stops. */
export function useLiveChecks(draft: Draft | null, stage: CheckStage, itemId?: string) {
  const body = useSettled(draft ? JSON.stringify({ draft, stage, ...(itemId ? { itemId } : {}) }) : null, 500);
  return useQuery({
    queryKey: ['outgoing', 'checks', body],
    queryFn: () => api.post<CheckResult>('/outgoing/checks', JSON.parse(body!) as unknown),
    enabled: body !== null,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
}
