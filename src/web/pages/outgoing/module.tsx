import type { WebModule } from '../../modules';
import { OutgoingListPage } from './OutgoingListPage';
import { NewOutgoingPage } from './NewOutgoingPage';
import { OutgoingPage } from './OutgoingPage';
import { InboxPage } from './InboxPage';
import { IssuedPage } from './IssuedPage';
import { RegistersPage } from './RegistersPage';
import { outgoingMessages, type OutgoingMessageKey } from './messages';

/** 发文 in the web app: drafts, the document page, the issued copy; for registrars 待签收 and the 文号登记簿. */
export const outgoingWeb: WebModule<OutgoingMessageKey> = {
  key: 'outgoing',
  messages: outgoingMessages,
  pages: [
    { path: '/outgoing', element: <OutgoingListPage /> },
    { path: '/outgoing/new', element: <NewOutgoingPage /> },
    { path: '/outgoing/inbox', element: <InboxPage />, allowedBy: '/outgoing/inbox' },
    { path: '/outgoing/registers', element: <RegistersPage />, allowedBy: '/outgoing/registers' },
    { path: '/outgoing/:id', element: <OutgoingPage /> },
    { path: '/outgoing/:id/issued', element: <IssuedPage /> },
  ],
  // 签收 makes a 收文 from the distributed 发文; a 复函 is drafted in reply to a 收文.
  links: {
    distributedFrom: { to: 'flow.link.distributedFrom.to', from: 'flow.link.distributedFrom.from' },
    replyTo: { to: 'flow.link.replyTo.to', from: 'flow.link.replyTo.from' },
  },
  // A unit it was distributed to signs for it on the issued copy, never the sender's record.
  receivePath: (itemId) => `/outgoing/${itemId}/issued`,
  registrarNav: [
    { path: '/outgoing/inbox', label: 'nav.outgoingInbox', group: 'nav.group.modules' },
    { path: '/outgoing/registers', label: 'nav.docRegisters', group: 'nav.group.modules' },
  ],
};
