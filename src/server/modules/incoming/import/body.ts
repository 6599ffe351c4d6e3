// 主体 (GB/T 9704 §7.3): 标题, 主送机关, 正文, 附件说明, 发文机关署名, 成文日期, 附注 — found by where the
// standard puts each one relative to the others, since plain text keeps no fonts and little layout.
import { genreFromTitle } from '../../../../contract/official-document';
import { parseDateLine, type ParsedDate } from './dates';
import type { Found } from './head';
import {
  atMostOneCharacter,
  dropTrailing,
  hasSentencePunctuation,
  isOrganName,
  nextText,
  spacedParts,
  splitOrgans,
  type Line,
} from './lines';

/** A title line keeps spacing between organ names but not inside letter-spaced words ('关　于'). */
function titleText(line: Line): string {
  const parts = line.text.split(/[\s\u3000]+/u);
  return parts.every(atMostOneCharacter) ? parts.join('') : parts.join(' ');
}

/** 标题: one to four lines, centred, without sentence punctuation, ending with the 文种 (§7.3.1). */
export function readTitle(lines: readonly Line[], from: number, to: number): (Found<string> & { end: number }) | null {
  const first = nextText(lines, from, to);
  if (first < 0) return null;
  let text = '';
  let i = first;
  for (; i < to && i < first + 4; i++) {
    const line = lines[i]!;
    if (line.empty || /[：:]$/u.test(line.compact) || hasSentencePunctuation(line.compact) || /^[（(]/u.test(line.compact)) break;
    // A title ends with its 文种; a following line goes on only as '…的通知' would.
    if (text && genreFromTitle(text) && !line.compact.startsWith('的')) break;
    text += titleText(line);
  }
  // Text copied from a PDF may leave a blank line between the lines of the title.
  const next = text && !genreFromTitle(text) && lines[i]?.empty ? nextText(lines, i, Math.min(to, i + 2)) : -1;
  if (next >= 0 && !hasSentencePunctuation(lines[next]!.compact) && genreFromTitle(text + titleText(lines[next]!))) {
    text += titleText(lines[next]!);
    i = next + 1;
  }
  return text ? { value: text, line: lines[first]!.n, end: i } : null;
}

// Openings of a body paragraph that ends in a colon ('现将有关事项通知如下：'), which a 主送 never has.
const BODY_WORDS = /如下|现将|现就|根据|按照|经研究|为进一步|为了|特此/u;

/** 主送机关: flush left, right after the title, ending with a full-width colon; may wrap (§7.3.2). */
export function readMainRecipients(
  lines: readonly Line[],
  from: number,
  to: number,
): (Found<string[]> & { end: number; indented: boolean }) | null {
  const first = nextText(lines, from, to);
  if (first < 0) return null;
  let text = '';
  for (let i = first; i < to && i < first + 4; i++) {
    const line = lines[i]!;
    if (line.empty || /[。！？]/u.test(line.compact) || BODY_WORDS.test(line.compact)) return null;
    text += line.compact;
    if (/[：:]$/u.test(text)) {
      const names = splitOrgans(text);
      if (!names.length || names.some((n) => [...n].length > 40)) return null;
      return { value: names, line: lines[first]!.n, end: i + 1, indented: lines[first]!.indented };
    }
  }
  return null;
}

/** 成文日期: the first line after the body that is a date and nothing else. */
export function readWrittenDate(
  lines: readonly Line[],
  from: number,
  to: number,
): (Found<ParsedDate> & { index: number }) | null {
  for (let i = from; i < to; i++) {
    const line = lines[i]!;
    // The attachments themselves start on a new page after the date, headed '附件1' flush left (§7.3.6);
    // past that point a date belongs to an attachment.
    if (/^附件\d*$/u.test(line.compact) && !line.indented) return null;
    const date = line.empty ? null : parseDateLine(line.compact);
    if (date) return { value: date, line: line.n, index: i };
  }
  return null;
}

/**
 * 发文机关署名: the organ names just above the date (§7.3.5). Joint documents set them in rows, several to a
 * row, sometimes with a blank line between rows.
 */
export function readSignature(
  lines: readonly Line[],
  floor: number,
  dateIndex: number,
  known: readonly string[],
): (Found<string[]> & { index: number }) | null {
  const rows: string[][] = [];
  let top = -1;
  let blanks = 0;
  for (let i = dateIndex - 1; i >= floor && rows.length < 4; i--) {
    const line = lines[i]!;
    if (line.empty) {
      if (++blanks > 2) break;
      continue;
    }
    if (/^[（(]?此页无正文[）)]?$/u.test(line.compact)) continue;
    const parts = spacedParts(line.text);
    if (!parts.length || !parts.every((p) => isOrganName(p) || known.includes(p))) break;
    rows.unshift(parts);
    top = i;
    blanks = 0;
  }
  return top < 0 ? null : { value: rows.flat(), line: lines[top]!.n, index: top };
}

const NUMBERED = /^(?<n>[1-9]\d*)[.．、](?<name>.*)$/u;
const cleanName = (s: string) => dropTrailing(s, '。，；：.,;:、');

/**
 * 附件说明: '附件：名称', or '附件：1.名称' with the next numbers on the following lines; a long name wraps
 * onto a line aligned under it (§7.3.4). A page break may fall inside the list.
 */
export function readAttachments(lines: readonly Line[], from: number, to: number): Found<{ name: string }[]> | null {
  let start = -1;
  for (let i = from; i < to; i++) if (/^附件[：:]/u.test(lines[i]!.compact)) start = i;
  if (start < 0) return null;
  let firstText = lines[start]!.compact.replace(/^附件[：:]/u, '');
  let i = start + 1;
  // '附件：' alone on its line, the list below it
  if (!firstText) {
    const j = nextText(lines, i, to);
    if (j < 0) return null;
    firstText = lines[j]!.compact;
    i = j + 1;
  }
  const first = NUMBERED.exec(firstText)?.groups;
  const names = [first ? first.name! : firstText];
  let expected = first ? Number(first.n) + 1 : 0;
  for (; i < to; i++) {
    const line = lines[i]!;
    if (line.pageNo) continue;
    const numbered = NUMBERED.exec(line.compact)?.groups;
    if (line.empty) {
      const j = nextText(lines, i, to);
      const next = j >= 0 ? NUMBERED.exec(lines[j]!.compact)?.groups : undefined;
      if (!expected || Number(next?.n) !== expected) break;
      i = j - 1;
      continue;
    }
    if (numbered && Number(numbered.n) === expected) {
      names.push(numbered.name!);
      expected++;
    } else if (parseDateLine(line.compact) || /^[（(]/u.test(line.compact)) break;
    else names[names.length - 1] += line.compact;
  }
  const value = names
    .map(cleanName)
    .filter(Boolean)
    .map((name) => ({ name }));
  return value.length ? { value, line: lines[start]!.n } : null;
}

/** 附注: in round brackets on the line after the 成文日期 (§7.3.7), e.g. the 联系人 of a 请示. */
export function readNote(lines: readonly Line[], dateIndex: number, to: number): Found<string> | null {
  const first = nextText(lines, dateIndex + 1, to);
  if (first < 0 || !/^[（(]/u.test(lines[first]!.compact)) return null;
  let text = '';
  for (let i = first; i < to && i < first + 3; i++) {
    if (lines[i]!.empty) break;
    text += lines[i]!.text;
    if (/[）)]$/u.test(text)) return { value: text.replace(/^[（(]|[）)]$/gu, '').trim(), line: lines[first]!.n };
  }
  return null;
}
