import type { WebModule } from '../../modules';
import { IncomingListPage } from './IncomingListPage';
import { IncomingPage } from './IncomingPage';
import { RegisterIncomingPage } from './RegisterIncomingPage';
import { ProcessingSheetPage } from './ProcessingSheetPage';
import { incomingMessages, type IncomingMessageKey } from './messages';

/** 收文 in the web app: the register, 签收登记, the document page, and its 处理单 printed on a page of its own. */
export const incomingWeb: WebModule<IncomingMessageKey> = {
  key: 'incoming',
  messages: incomingMessages,
  pages: [
    { path: '/incoming', element: <IncomingListPage /> },
    { path: '/incoming/new', element: <RegisterIncomingPage /> },
    { path: '/incoming/:id', element: <IncomingPage /> },
    { path: '/incoming/:id/sheet', element: <ProcessingSheetPage />, bare: true },
  ],
};
