import type { Draft, OrganRef } from './outgoing-draft';

// Comparing two versions of an outgoing draft: the draft as labelled lines (what a reader sees, in the order
// of the document), which lines changed, and within a changed line which characters. Shared by the server
// (the "changes" of each version) and the web (side-by-side comparison).

interface DraftLine {
  /** Stable key used to pair lines across versions (title, body.3, attachments.1.title …). */
  key: string;
  /** As users name it: 标题, 正文第3段, 附件2名称. */
  label: string;
  text: string;
}

const names = (refs: OrganRef[]) => refs.map((r) => r.name).join('、');
const HEADING = ['正文', '一级标题', '二级标题', '三级标题', '四级标题'];

/** The draft as the lines a reader compares, in document order; empty fields are left out. */
function draftLines(d: Draft): DraftLine[] {
  const lines: DraftLine[] = [
    {
      key: 'classification',
      label: '密级和保密期限',
      text: d.classification === '公开' ? '' : `${d.classification}${d.secrecyTerm ? `★${d.secrecyTerm}` : ''}`,
    },
    { key: 'urgency', label: '紧急程度', text: d.urgency ?? '' },
    { key: 'header', label: '发文机关标志', text: d.headerName ?? '' },
    { key: 'issuers', label: '发文机关', text: names(d.issuers) },
    {
      key: 'genre',
      label: '文种',
      text: `${d.genre}（${d.direction === 'up' ? '上行文' : d.direction === 'down' ? '下行文' : '平行文'}）`,
    },
    { key: 'docNo', label: '发文字号', text: d.docNo ?? '' },
    { key: 'signers', label: '签发人', text: d.signers.join('、') },
    { key: 'title', label: '标题', text: d.title },
    { key: 'main', label: '主送机关', text: names(d.mainRecipients) },
    ...d.body.map((p, i) => ({ key: `body.${i}`, label: `${HEADING[p.level] ?? '正文'}（第${i + 1}段）`, text: p.text })),
    ...d.attachments.flatMap((a, i) => [
      { key: `attachments.${i}.title`, label: `附件${i + 1}名称`, text: a.title },
      ...(a.body ?? []).map((p, j) => ({ key: `attachments.${i}.body.${j}`, label: `附件${i + 1}第${j + 1}段`, text: p.text })),
    ]),
    { key: 'signature', label: '发文机关署名', text: d.signatureNames.join('、') },
    { key: 'writtenDate', label: '成文日期', text: d.writtenDate ?? '' },
    { key: 'note', label: '附注', text: d.note ?? '' },
    { key: 'cc', label: '抄送机关', text: names(d.ccRecipients) },
    { key: 'printed', label: '印发机关和印发日期', text: [d.printedBy, d.printedDate].filter(Boolean).join(' ') },
    {
      key: 'attendance',
      label: '出席、请假、列席',
      text: d.attendance ? [d.attendance.present, d.attendance.absent, d.attendance.observers].filter(Boolean).join(' / ') : '',
    },
  ];
  return lines.filter((l) => l.text !== '');
}

export type LineChange =
  | { op: 'same'; left: DraftLine; right: DraftLine }
  | { op: 'changed'; left: DraftLine; right: DraftLine; segments: Segment[] }
  | { op: 'removed'; left: DraftLine }
  | { op: 'added'; right: DraftLine };

/** A run of characters: in both, only in the left (deleted) or only in the right (inserted). */
export interface Segment {
  op: 'same' | 'del' | 'ins';
  text: string;
}

/** Longest common subsequence over two sequences, as a list of pairs and singles, in order. */
function lcs<T>(a: T[], b: T[], eq: (x: T, y: T) => boolean): ({ a: T; b: T } | { a: T } | { b: T })[] {
  const n = a.length;
  const m = b.length;
  // Small inputs (a draft's lines, one paragraph's characters): the quadratic table is fine up to a limit.
  if (n * m > 4_000_000) return [...a.map((x) => ({ a: x })), ...b.map((y) => ({ b: y }))];
  const t = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) t[i]![j] = eq(a[i]!, b[j]!) ? t[i + 1]![j + 1]! + 1 : Math.max(t[i + 1]![j]!, t[i]![j + 1]!);
  const out: ({ a: T; b: T } | { a: T } | { b: T })[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (eq(a[i]!, b[j]!)) out.push({ a: a[i++]!, b: b[j++]! });
    else if (t[i + 1]![j]! >= t[i]![j + 1]!) out.push({ a: a[i++]! });
    else out.push({ b: b[j++]! });
  }
  while (i < n) out.push({ a: a[i++]! });
  while (j < m) out.push({ b: b[j++]! });
  return out;
}

/** Character-level difference of two texts, runs merged. */
export function diffText(left: string, right: string): Segment[] {
  const out: Segment[] = [];
  const push = (op: Segment['op'], ch: string) => {
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += ch;
    else out.push({ op, text: ch });
  };
  for (const p of lcs([...left], [...right], (x, y) => x === y)) {
    if ('a' in p && 'b' in p) push('same', p.a);
    else if ('a' in p) push('del', p.a);
    else push('ins', p.b);
  }
  return out;
}

/**
 * Lines of two versions side by side. Lines are paired by their text first (a paragraph moved or
 * renumbered still pairs), then a removed and an added line next to each other count as one changed line.
 */
export function diffDrafts(left: Draft, right: Draft): LineChange[] {
  const pairs = lcs(
    draftLines(left),
    draftLines(right),
    (x, y) => x.text === y.text && x.key.split('.')[0] === y.key.split('.')[0],
  );
  const out: LineChange[] = [];
  for (let k = 0; k < pairs.length; k++) {
    const p = pairs[k]!;
    if ('a' in p && 'b' in p) {
      out.push({ op: 'same', left: p.a, right: p.b });
      continue;
    }
    const next = pairs[k + 1];
    if ('a' in p && next && 'b' in next && !('a' in next) && p.a.key.split('.')[0] === next.b.key.split('.')[0]) {
      out.push({ op: 'changed', left: p.a, right: next.b, segments: diffText(p.a.text, next.b.text) });
      k++;
    } else if ('a' in p) out.push({ op: 'removed', left: p.a });
    else out.push({ op: 'added', right: p.b });
  }
  return out;
}

/** What changed between two versions, as users name the fields (for the version list). */
export function changedFields(before: Draft | null, after: Draft): string[] {
  if (!before) return [];
  const labels = new Set<string>();
  for (const c of diffDrafts(before, after)) {
    if (c.op === 'same') continue;
    const line = c.op === 'removed' ? c.left : c.op === 'added' ? c.right : c.right;
    // 正文第3段 → 正文 when many paragraphs changed would hide detail; keep each, but cap the list.
    labels.add(`${c.op === 'added' ? '增加' : c.op === 'removed' ? '删除' : '修改'}${line.label}`);
  }
  const all = [...labels];
  return all.length > 12 ? [...all.slice(0, 12), `等 ${all.length} 处`] : all;
}

/**
 * Fields that change in the ordinary course after signing (文号 at 编号, the signer line, the dates and the
 * 印发 line): anything else changed after 签发 is a substantive change that needs 复审 (条例 Art.25(一)).
 */
const PROCEDURAL: (keyof Draft)[] = ['docNo', 'signers', 'writtenDate', 'copyNo', 'printedBy', 'printedDate'];

export function substantiveChange(signed: Draft, current: Draft): boolean {
  const strip = (d: Draft) => JSON.stringify({ ...d, ...Object.fromEntries(PROCEDURAL.map((k) => [k, null])) });
  return strip(signed) !== strip(current);
}
