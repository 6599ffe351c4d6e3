import type { Draft } from '../../../../contract/outgoing-draft';
import { face, type Kit } from './kit';
import { para, run, type Tab } from './ooxml';
import { CHAR, LINE, SEAL_BLANK_LINES, TYPE_AREA, chineseDate, widthInChars } from './page';

// 发文机关署名, 成文日期 and the room for the seal (GB/T 9704 §7.3.5; DOMAIN.md §2.6). Positions are in twips
// from the type area's left edge; widths of names and dates are counted in 字.

const W = TYPE_AREA.width;
const chars = (n: number) => Math.round(n * CHAR);
/** A date as long as 2026年11月20日, for placing names when the date is still blank. */
const TYPICAL_DATE_CHARS = 7;

/** Where the seal's centre goes: over the date, which stands 4 字 from the right edge. */
const dateCentre = (dateChars: number) => W - chars(4) - chars(dateChars / 2);

function dateLine(date: string | null, kit: Kit, rightChars: number): string {
  return para(run(date ?? '', face(kit, 'fangsong')), { align: 'right', right: chars(rightChars) });
}

/** One name centred on a point, clamped so that it stays inside the type area. */
const centredOn = (pos: number, nameChars: number) => Math.min(pos, W - chars(nameChars / 2));

/**
 * Sealed (§7.3.5.1): the date 4 字 from the right; the names in issuing order, each centred under its seal, the
 * last one over the date. Seals of a row must not touch (a 4.2 cm seal is 7.5 字 wide), so a row holds three
 * short names, two long ones or one very long one, and rows are right-aligned so the last name meets the date.
 */
function sealed(names: string[], date: string | null, kit: Kit): string[] {
  const centre = dateCentre(date ? widthInChars(date) : TYPICAL_DATE_CHARS);
  const longest = Math.max(...names.map(widthInChars));
  const perRow = longest <= 7 ? 3 : longest <= 13 ? 2 : 1;
  const pitch = perRow === 3 ? chars(8) : chars(14);
  const rows: string[][] = [];
  for (let end = names.length; end > 0; end -= perRow) rows.unshift(names.slice(Math.max(0, end - perRow), end));
  const body = face(kit, 'fangsong');
  const out = rows.map((row, r) => {
    const tabs: Tab[] = row.map((n, i) => ({
      pos: centredOn(centre - (row.length - 1 - i) * pitch, widthInChars(n)),
      kind: 'center',
    }));
    // Rows of seals stand a seal's height apart: the first within one line of the body, the next below it.
    return para(run(row.map((n) => `\t${n}`).join(''), body), {
      align: 'left',
      tabs,
      before: (r === 0 ? SEAL_BLANK_LINES : SEAL_BLANK_LINES + 1) * LINE,
    });
  });
  out.push(dateLine(date, kit, 4));
  return out;
}

/**
 * Unsealed (§7.3.5.2): the names one line below the body, 2 字 from the right, lead organ first and the others
 * below it; the date on the next line starting 2 字 to the right of the names. A date longer than that allows
 * keeps 2 字 on the right and pushes the names left.
 */
function unsealed(names: string[], date: string | null, kit: Kit): string[] {
  const nameChars = Math.max(...names.map(widthInChars));
  const dateChars = date ? widthInChars(date) : 0;
  const start = Math.min(W - chars(2 + nameChars), W - chars(2 + dateChars + 2));
  const body = face(kit, 'fangsong');
  const out = names.map((n, i) => para(run(n, body), { align: 'left', left: start, ...(i === 0 ? { before: LINE } : {}) }));
  if (date) out.push(para(run(date, body), { align: 'left', left: start + chars(2) }));
  return out;
}

/** The signature block, then the 附注 on the next line in round brackets, 2 字 in (§7.3.6). */
export function signatureBlock(draft: Draft, kit: Kit, opts: { dateInHead: boolean }): string[] {
  const date = draft.writtenDate ? chineseDate(draft.writtenDate) : null;
  const names = draft.signatureNames;
  const out: string[] = [];
  if (names.length) out.push(...(draft.sealed ? sealed(names, date, kit) : unsealed(names, date, kit)));
  else if (date && !opts.dateInHead)
    out.push(para(run(date, face(kit, 'fangsong')), { align: 'right', right: chars(4), before: LINE }));
  if (draft.note) {
    const note = /^[（(].*[）)]$/u.test(draft.note) ? draft.note : `（${draft.note}）`;
    out.push(para(run(note, face(kit, 'fangsong')), { firstLine: chars(2) }));
  }
  return out;
}
