import type { WebModule } from '../../modules';
import { SupervisionListPage } from './SupervisionListPage';
import { NewSupervisionPage } from './NewSupervisionPage';
import { SupervisionPage } from './SupervisionPage';
import { supervisionMessages, type SupervisionMessageKey } from './messages';

/**
 * 督查督办 in the web app, on the server's first slice: the register (every reader; the server lists what each may
 * read), 立项 (the 督查室; the server refuses others) and the item's page. No 交办 or 办理 yet.
 */
export const supervisionWeb: WebModule<SupervisionMessageKey> = {
  key: 'supervision',
  messages: supervisionMessages,
  pages: [
    { path: '/supervision', element: <SupervisionListPage /> },
    { path: '/supervision/new', element: <NewSupervisionPage /> },
    { path: '/supervision/:id', element: <SupervisionPage /> },
  ],
};
