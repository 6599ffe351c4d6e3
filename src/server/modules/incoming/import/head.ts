// 版头 (GB/T 9704 §7.2): 份号, 密级和保密期限, 紧急程度 at the top left; the 发文机关标志; the 发文字号, with
// 签发人 on the same line for upward documents. In the 信函 format the marks and the number sit under the
// header, on one line (§10.1), so every line of the head is read the same way, wherever it stands.
import type { Classification } from '../../../../contract/common';
import { atMostOneCharacter, hasSentencePunctuation, spacedParts, type Line } from './lines';

export interface Found<T> {
  value: T;
  line: number;
}

export interface Head {
  /** Index of the first line after the head: where the title may start. */
  end: number;
  docNo?: Found<string>;
  /** Names in the 发文机关标志, lead first, '文件' removed. */
  issuers?: Found<string[]>;
  signers?: Found<string[]>;
  copyNumbers?: Found<string[]>;
  classification?: Found<Classification>;
  secrecyTerm?: Found<string>;
  urgency?: Found<'特急' | '加急' | '特提' | '平急'>;
}

// Brackets around the year as typed; normaliseDocNo decides what is acceptable.
const DOC_NO = /^[\p{Script=Han}A-Za-z]{1,24}[[［(（【〔{｛][0-9０-９]{2,4}[\]］)）】〕}｝]第?[0-9０-９]{1,6}号$/u;
const ORDER_NO = /^第[0-9０-９]{1,6}号$/u;
const SECRET = /^(?<level>绝密|机密|秘密)(?:★(?<term>.+))?$/u;
const URGENCY = /^(?:特急|加急|特提|平急)$/u;
// A line where the head has certainly ended: the title or the first words of the body.
const NOT_HEAD = /关于|(?:决议|决定|命令|公报|公告|通告|意见|通知|通报|报告|请示|批复|议案|函|纪要)$/u;
const HEAD_SCAN = 20;

type Mark = { copy: string } | { level: Classification; term?: string } | { urgency: NonNullable<Head['urgency']>['value'] };

function markOf(token: string): Mark | null {
  if (/^\d{6}$/u.test(token)) return { copy: token };
  if (token === '内部') return { level: '内部' };
  if (URGENCY.test(token)) return { urgency: token as NonNullable<Head['urgency']>['value'] };
  const s = SECRET.exec(token)?.groups;
  return s ? { level: s.level as Classification, ...(s.term ? { term: s.term } : {}) } : null;
}

// The stars typed for ★ (a ★ itself needs no replacing).
const STAR = /[☆*＊]/gu;

// The line's words, a star joining the words on either side ('秘密 ★ 1年' → '秘密★1年'). Joined after the split
// rather than by replacing /\s*★\s*/, which retries a long run of spaces from each of them (quadratic).
function words(text: string): string[] {
  const out: string[] = [];
  // Whether the last word ends with a star, kept aside: asking the joined word, which grows, would be quadratic.
  let starAtEnd = false;
  for (const word of text.split(/\s+/u)) {
    if (!word) continue;
    const w = word.replace(STAR, '★');
    if (out.length && (starAtEnd || w.startsWith('★'))) out[out.length - 1] += w;
    else out.push(w);
    starAtEnd = w.endsWith('★');
  }
  return out;
}

/** Leading mark tokens of a line, and what follows them. */
function peelMarks(text: string): { marks: Mark[]; rest: string } {
  const tokens = words(text);
  const marks: Mark[] = [];
  let i = 0;
  for (; i < tokens.length; i++) {
    const m = markOf(tokens[i]!);
    if (!m) break;
    marks.push(m);
  }
  return { marks, rest: tokens.slice(i).join(' ') };
}

/** '王建国　李明', '王　强' (two-character names padded to three), '王建国、李明'. */
function personNames(text: string): string[] {
  const out: string[] = [];
  let singles: string[] = [];
  const flush = () => {
    if (singles.length === 4) out.push(singles[0]! + singles[1]!, singles[2]! + singles[3]!);
    else if (singles.length) out.push(singles.join(''));
    singles = [];
  };
  for (const token of text.split(/[\s\u3000、，,；;]+/u).filter(Boolean)) {
    if (atMostOneCharacter(token)) singles.push(token);
    else {
      flush();
      out.push(token);
    }
  }
  flush();
  return out;
}

const isPersonNames = (text: string) => personNames(text).every((n) => /^\p{Script=Han}{2,4}$/u.test(n)) && !!text.trim();

export function readHead(lines: readonly Line[]): Head {
  const head: Head = { end: 0 };
  const organLines: Line[] = [];
  const signers: string[] = [];
  let seen = 0;
  let i = 0;
  for (; i < lines.length && seen < HEAD_SCAN; i++) {
    const line = lines[i]!;
    if (line.empty) continue;
    seen++;
    const { marks, rest } = peelMarks(line.text);
    for (const m of marks) recordMark(head, m, line.n);
    if (!rest) continue;
    const signerAt = rest.search(/签发人\s*[：:]/u);
    const before = (signerAt >= 0 ? rest.slice(0, signerAt) : rest).replace(/[\s\u3000]+/gu, '');
    if (signerAt >= 0) {
      signers.push(...personNames(rest.slice(signerAt).replace(/^签发人\s*[：:]/u, '')));
      head.signers ??= { value: signers, line: line.n };
    }
    if (before && (DOC_NO.test(before) || ORDER_NO.test(before))) {
      head.docNo = { value: before, line: line.n };
      i = afterSignerLines(lines, i + 1, signers);
      break;
    }
    if (!before) continue;
    if (NOT_HEAD.test(before) || hasSentencePunctuation(before)) break;
    organLines.push(line);
  }
  // Without a 发文字号 the head is only trusted up to a '…文件' line; anything else may be the title.
  if (!head.docNo) {
    const last = organLines.findLastIndex((l) => l.compact.endsWith('文件'));
    organLines.splice(last + 1);
    i = last >= 0 ? lines.indexOf(organLines[last]!) + 1 : 0;
  }
  head.end = i;
  const issuers = organLines
    .flatMap((l) => spacedParts(l.text).map((p) => p.replace(/文件$/u, '')))
    .filter((p) => /^[\p{Script=Han}（）()·]{2,40}$/u.test(p));
  if (issuers.length) head.issuers = { value: issuers, line: organLines[0]!.n };
  if (!signers.length) delete head.signers;
  return head;
}

/** 签发人 of a joint upward document wrap onto the next lines, aligned under the first name (§7.2.6). */
function afterSignerLines(lines: readonly Line[], from: number, signers: string[]): number {
  if (!signers.length) return from;
  let i = from;
  while (i < lines.length && !lines[i]!.empty && isPersonNames(lines[i]!.text)) signers.push(...personNames(lines[i++]!.text));
  return i;
}

function recordMark(head: Head, m: Mark, n: number) {
  if ('copy' in m) head.copyNumbers ??= { value: [m.copy], line: n };
  else if ('urgency' in m) head.urgency ??= { value: m.urgency, line: n };
  else {
    head.classification ??= { value: m.level, line: n };
    if (m.term) head.secrecyTerm ??= { value: m.term, line: n };
  }
}
