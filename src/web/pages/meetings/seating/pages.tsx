import type { WebModule } from '../../../modules';

/** The 座次 pages: a seating chart and table cards, to print. */
export const seatingPages: WebModule['pages'] = [];
