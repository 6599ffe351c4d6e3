import { Spin } from 'antd';
import { useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import type { TopicDetail } from './queries';
import { TopicPage } from './TopicPage';
import { MeetingPage } from './MeetingPage';

/**
 * An item of 办会 at /meetings/:id — a 议题 or a meeting (the module's one item kind, as the workbench links it): the
 * topic's page when the id is a topic the reader may read, else the meeting's (which says 404 when it is neither).
 *
 * Which of the two an id is never changes, so it is asked once, under a key of its own: the module's mutations
 * invalidate everything under `meetings`, and a probe there would ask again (a 404 each time on a meeting's page).
 * A topic found is handed to the topic page's own query, which shows it at once.
 */
export function ItemPage() {
  const { id = '' } = useParams();
  const client = useQueryClient();
  const probe = useQuery({
    queryKey: ['meetingsItemKind', id],
    queryFn: async () => {
      try {
        client.setQueryData(['meetings', 'topic', id], await api.get<TopicDetail>(`/meeting-topics/${id}`));
        return 'topic' as const;
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return 'meeting' as const;
        throw e;
      }
    },
    staleTime: Infinity,
    retry: false,
  });
  if (probe.isLoading) return <Spin />;
  return probe.data === 'meeting' ? <MeetingPage /> : <TopicPage />;
}
