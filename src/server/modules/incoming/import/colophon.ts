// 版记 (GB/T 9704 §7.4): 抄送机关 and 印发机关和印发日期 at the foot of the last page. Its date is the printing
// date and its organ the printing office, so neither may be taken for the 成文日期 or the 署名.
import { dateFromGroups, DATE_SOURCE, type ParsedDate } from './dates';
import type { Found } from './head';
import { isOrganName, splitOrgans, type Line } from './lines';

export interface Colophon {
  /** Index of the first line of the 版记, or lines.length when there is none. */
  start: number;
  ccRecipients?: Found<string[]>;
  /** '主送：…。' moved to the 版记 when the list is too long for page 1 (§7.3.2). */
  mainRecipients?: Found<string[]>;
  printDate?: Found<ParsedDate>;
}

const PRINT_LINE = new RegExp(`^(?<org>.*?)${DATE_SOURCE}印发$`, 'u');

/** A '抄送：' or '主送：' list, wrapped lines included, up to its closing 。. */
function list(lines: readonly Line[], at: number, end: number): Found<string[]> {
  // Kept in pieces and joined once: asking a string that grows line by line for its end flattens it every
  // time, which is quadratic in a list wrapped over many lines.
  const parts = [lines[at]!.compact.replace(/^(?:抄送|主送)[：:]/u, '')];
  for (let i = at + 1; i < end && !parts.at(-1)!.endsWith('。'); i++) {
    const line = lines[i]!;
    if (line.empty || PRINT_LINE.test(line.compact) || /^(?:抄送|主送)[：:]/u.test(line.compact)) break;
    parts.push(line.compact);
  }
  return { value: splitOrgans(parts.join('')), line: lines[at]!.n };
}

export function readColophon(lines: readonly Line[], from: number): Colophon {
  let cc = -1;
  let main = -1;
  let print = -1;
  for (let i = from; i < lines.length; i++) {
    const c = lines[i]!.compact;
    if (/^抄送[：:]/u.test(c)) cc = i;
    else if (/^主送[：:]/u.test(c)) main = i;
    else if (c.endsWith('印发') && PRINT_LINE.test(c)) print = i;
  }
  const found = [cc, main, print].filter((i) => i >= 0);
  if (!found.length) return { start: lines.length };
  const out: Colophon = { start: Math.min(...found) };
  const end = print >= 0 ? print : lines.length;
  if (cc >= 0) out.ccRecipients = list(lines, cc, end);
  if (main >= 0) out.mainRecipients = list(lines, main, end);
  if (print >= 0) {
    const m = PRINT_LINE.exec(lines[print]!.compact)!;
    const date = dateFromGroups(m.groups ?? {});
    if (date) out.printDate = { value: date, line: lines[print]!.n };
    // Set in a table, the printing organ and the date are separate cells, so separate lines.
    const above = print - 1;
    if (!m.groups?.org && above >= 0 && above < out.start && isOrganName(lines[above]!.compact)) out.start = above;
  }
  return out;
}
