import { Button, Space } from 'antd';
import { AppstoreOutlined, BarChartOutlined, CalendarOutlined, UnorderedListOutlined, UserOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useI18n } from '../../../i18n';
import { useMe } from '../../../auth';

const VIEWS = [
  { key: 'register', path: '/supervision', label: 'supervision.list.title', icon: <UnorderedListOutlined /> },
  { key: 'board', path: '/supervision/board', label: 'supervision.views.board', icon: <AppstoreOutlined /> },
  { key: 'leader', path: '/supervision/leader', label: 'supervision.views.leader', icon: <UserOutlined /> },
  { key: 'calendar', path: '/supervision/calendar', label: 'supervision.views.calendar', icon: <CalendarOutlined /> },
  { key: 'figures', path: '/supervision/figures', label: 'supervision.figures.link', icon: <BarChartOutlined /> },
] as const;

/**
 * The 督查督办 views, each a link from the others' headers (the register's too): the one shown is not a link, and the
 * leader's page only for someone in a leader's post (批示 and 责任领导 are leaders'; the server lists by person).
 */
export function ViewLinks({ current }: { current: (typeof VIEWS)[number]['key'] }) {
  const { t } = useI18n();
  const me = useMe();
  const leads = me.posts.some((p) => p.isLeader);
  return (
    <Space size={4} wrap data-testid="supervision-views">
      {VIEWS.filter((v) => v.key !== current && (v.key !== 'leader' || leads)).map((v) => (
        <Link key={v.key} to={v.path} data-testid={`view-${v.key}`}>
          <Button size="small" icon={v.icon}>
            {t(v.label)}
          </Button>
        </Link>
      ))}
    </Space>
  );
}
