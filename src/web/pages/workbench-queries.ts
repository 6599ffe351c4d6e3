import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../api/client';
import type { WorkbenchList, WorkbenchSummary } from '../api/types';
import type { WorkbenchTab } from '../../contract/workbench';

export const useWorkbenchSummary = () =>
  useQuery({ queryKey: ['workbench', 'summary'], queryFn: () => api.get<WorkbenchSummary>('/workbench/summary') });

export interface WorkbenchParams {
  tab: WorkbenchTab;
  sort: 'due' | 'urgency' | 'created';
  module?: string;
  page: number;
  pageSize: number;
}

export const useWorkbenchList = (p: WorkbenchParams) =>
  useQuery({
    queryKey: ['workbench', 'list', p],
    queryFn: () =>
      api.get<WorkbenchList>(
        `/workbench/${p.tab}${qs({ sort: p.sort, module: p.module, limit: p.pageSize, offset: (p.page - 1) * p.pageSize })}`,
      ),
    placeholderData: (prev) => prev,
  });
