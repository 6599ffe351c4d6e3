import type { WebModule } from '../../../modules';
import { SeatingPage } from './SeatingPage';

/** The 座次 pages: a seating chart and table cards, to print. */
export const seatingPages: WebModule['pages'] = [{ path: '/meetings/seating', element: <SeatingPage /> }];
