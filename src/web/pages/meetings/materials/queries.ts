import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, qs } from '../../../api/client';
import type {
  handoutListSchema,
  materialListSchema,
  meetingPolicyRecordSchema,
  policySchema,
  topicMaterialsSchema,
} from '../../../../contract/meetings-materials';

// Reads of 会议材料, the hand-out register and the 精文减会 policy, typed by the contract. Keys start with 'meetings' so
// a change to a meeting refreshes them too.

export type MaterialList = z.output<typeof materialListSchema>;
export type Material = MaterialList['items'][number];
export type HandoutList = z.output<typeof handoutListSchema>;
export type Handout = HandoutList['items'][number];
export type Policy = z.output<typeof policySchema>;

export const useMaterials = (meetingId: string) =>
  useQuery({
    queryKey: ['meetings', 'materials', meetingId],
    queryFn: () => api.get<MaterialList>(`/meetings/${meetingId}/materials`),
  });

export const useTopicMaterials = (topicId: string) =>
  useQuery({
    queryKey: ['meetings', 'topic-materials', topicId],
    queryFn: () => api.get<z.output<typeof topicMaterialsSchema>>(`/meeting-topics/${topicId}/materials`),
  });

export const useHandouts = (meetingId: string) =>
  useQuery({
    queryKey: ['meetings', 'handouts', meetingId],
    queryFn: () => api.get<HandoutList>(`/meetings/${meetingId}/handouts`),
  });

export const useMeetingPolicyRecord = (meetingId: string) =>
  useQuery({
    queryKey: ['meetings', 'policy-record', meetingId],
    queryFn: () => api.get<z.output<typeof meetingPolicyRecordSchema>>(`/meetings/${meetingId}/policy`),
  });

export const usePolicy = (officeUnitId: string | undefined, year: number) =>
  useQuery({
    queryKey: ['meetings', 'policy', officeUnitId, year],
    queryFn: () => api.get<Policy>(`/meetings/policy${qs({ officeUnitId, year })}`),
    enabled: !!officeUnitId,
  });
