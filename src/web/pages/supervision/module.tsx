import type { WebModule } from '../../modules';
import { SupervisionListPage } from './SupervisionListPage';
import { NewSupervisionPage } from './NewSupervisionPage';
import { SupervisionPage } from './SupervisionPage';
import { FiguresPage } from './FiguresPage';
import { supervisionMessages, type SupervisionMessageKey } from './messages';
import { isSupervisor } from '../../roles';
import { BoardPage } from './views/BoardPage';
import { LeaderPage } from './views/LeaderPage';
import { CalendarPage } from './views/CalendarPage';
import { supervisionViewMessages, type SupervisionViewMessageKey } from './views/messages';

/**
 * 督查督办 in the web app: the register (every reader; the server lists what each may read), 立项 (the 督查室; the
 * server refuses others) — typed, or 转督办 from a 收文 or a 批示 — and the item's page with its flow.
 */
export const supervisionWeb: WebModule<SupervisionMessageKey | SupervisionViewMessageKey> = {
  key: 'supervision',
  messages: {
    'zh-CN': { ...supervisionMessages['zh-CN'], ...supervisionViewMessages['zh-CN'] },
    en: { ...supervisionMessages.en, ...supervisionViewMessages.en },
  },
  pages: [
    { path: '/supervision', element: <SupervisionListPage /> },
    { path: '/supervision/new', element: <NewSupervisionPage /> },
    // Views beside the register (views/): a unit's board, a leader's page, the calendar of deadlines.
    { path: '/supervision/board', element: <BoardPage /> },
    { path: '/supervision/leader', element: <LeaderPage /> },
    { path: '/supervision/calendar', element: <CalendarPage /> },
    { path: '/supervision/figures', element: <FiguresPage /> },
    { path: '/supervision/:id', element: <SupervisionPage /> },
  ],
  // A unit's registrar signs for what is sent to it: its board is one click away.
  registrarNav: [{ path: '/supervision/board', label: 'supervision.views.board', group: 'nav.group.modules' }],
  links: {
    supervises: { to: 'supervision.link.to', from: 'supervision.link.from' },
    urges: { to: 'supervision.link.urges.to', from: 'supervision.link.urges.from' },
  },
  // 转督办: the 督查室 opens an item from a 收文 (上级交办) or beside a leader's 批示 on any item.
  derives: {
    label: 'supervision.derive',
    allowed: isSupervisor,
    fromItems: ['incoming'],
    fromOpinions: ['instruction'],
    path: (sourceId, opinionId) => `/supervision/new?from=${sourceId}${opinionId ? `&opinion=${opinionId}` : ''}`,
  },
};
