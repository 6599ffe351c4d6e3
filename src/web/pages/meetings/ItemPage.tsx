import { Spin } from 'antd';
import { useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useTopic } from './queries';
import { TopicPage } from './TopicPage';
import { MeetingPage } from './MeetingPage';

/**
 * An item of 办会 at /meetings/:id — a 议题 or a meeting (the module's one item kind, as the workbench links it): the
 * topic's page when the id is a topic the reader may read, else the meeting's (which says 404 when it is neither).
 */
export function ItemPage() {
  const { id = '' } = useParams();
  const topic = useTopic(id);
  if (topic.isLoading) return <Spin />;
  if (topic.error instanceof ApiError && topic.error.status === 404) return <MeetingPage />;
  return <TopicPage />;
}
