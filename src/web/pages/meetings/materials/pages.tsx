import type { WebModule } from '../../../modules';
import { PolicyPage } from './PolicyPage';

/** The 精文减会 policy page (for everyone 办会's entry is offered to; the office's registrars edit it). */
export const materialPages: WebModule['pages'] = [{ path: '/meetings/policy', element: <PolicyPage />, allowedBy: '/meetings' }];
