import { createHash } from 'node:crypto';
import type { Draft } from '../../../../contract/outgoing-draft';
import { namedDestinations } from '../../../platform/pdf/destinations';
import { convertToPdf, officeAvailable, type OfficeOptions } from '../../../platform/pdf/office';
import { COLOPHON_LAST_LINE, MARK, TRAILER, renderDocx, type ColophonPlacement, type DocxOptions } from './docx';
import { MARGIN } from './page';

// Where the 版记 goes depends on where the 主体 ends and how much room the page has left, which only a layout knows.
// LibreOffice lays the document out once with the 版记 straight after the 主体 and bookmarks at both ends; the
// PDF's named destinations then tell the page of each and how far above the type area's lower edge the 版记 ends.

/** The type area's lower edge, in points above the paper's. */
const TYPE_AREA_BOTTOM_PT = MARGIN.bottom / 20;

const SLACK = 10;

const decided = new Map<string, ColophonPlacement>();
const KEEP = 256;

/** Whether this draft has a 版记 laid out between rules (standard and minutes formats), as docx.ts sets it. */
const hasRuledColophon = (d: Draft) => d.format !== 'letter' && (d.ccRecipients.length > 0 || !!d.printedBy || !!d.printedDate);

/**
 * The 版记's placement for this draft in these fonts (GB/T 9704 §7.4.1, §7.5): at the foot of the page where the
 * 主体 ends if that page is even and has room; on the next page if the 主体 ends on an odd page; after a blank page
 * if it fills an even page. Without LibreOffice (or when it fails), on a page of its own on the next even page.
 */
export async function placeColophon(
  draft: Draft,
  opts: Omit<DocxOptions, 'colophon'>,
  office: OfficeOptions = {},
): Promise<ColophonPlacement> {
  if (!hasRuledColophon(draft) || !officeAvailable(office)) return { at: 'nextEvenPage' };
  const probe = renderDocx(draft, { ...opts, colophon: { at: 'measure' } });
  const key = createHash('sha256').update(probe).digest('hex');
  const known = decided.get(key);
  if (known) return known;
  let pdf: Uint8Array;
  try {
    pdf = await convertToPdf(probe, { ...office, destinations: true });
  } catch {
    // Busy or failing: a .docx is still worth having, with the 版记 on a page of its own (not remembered).
    return { at: 'nextEvenPage' };
  }
  const marks = namedDestinations(pdf);
  const placement = fromMarks(marks.get(MARK.bodyEnd), marks.get(MARK.colophonLastLine));
  if (decided.size >= KEEP) decided.delete(decided.keys().next().value!);
  decided.set(key, placement);
  return placement;
}

function fromMarks(
  body: { page: number; y: number } | undefined,
  colophon: { page: number; y: number } | undefined,
): ColophonPlacement {
  if (!body) return { at: 'nextEvenPage' };
  if (body.page % 2 === 1) return { at: 'nextPage' };
  // Room left under the 版记 set straight after the 主体, less the trailing paragraph a table needs after it and a
  // little for the converter's rounding to whole twips (SLACK: 0.2 mm, within the standard's printing tolerance).
  const room =
    colophon && colophon.page === body.page
      ? Math.floor((colophon.y - TYPE_AREA_BOTTOM_PT) * 20) - COLOPHON_LAST_LINE - TRAILER - SLACK
      : -1;
  if (room >= 0) return { at: 'foot', spacer: room };
  return { at: 'afterBlankPage' };
}
