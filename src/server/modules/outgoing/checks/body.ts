import type { Finding } from '../../../../contract/outgoing-checks';
import { finding, paragraphs, q, type Check, type Path } from './finding';
import { headingNumber, headingPrefix, irregularDates, levelLookedLike } from './text';

// 正文 and 附件 (GB/T 9704 §7.3.3, §7.3.4, §7.3.7; DOMAIN.md §2.4, §2.5).

const bodyRequired: Check = (draft) =>
  draft.body.some((p) => p.text.trim()) ? [] : [finding('F-BODY-REQUIRED', '本件没有正文：公文首页须显示正文', ['body'])];

const LEVEL_NAMES = ['', '一级', '二级', '三级', '四级'];
/** A stray mark after the numbering: （一）、 or 1.、 */
const EXTRA_MARK = /^(?:（[^）]+）|\d+[.．])[、，.．]/u;

/**
 * Heading levels in one run of paragraphs (the body, or one attachment): the numbering matches the declared
 * level, no level is skipped, and numbers run on from 1 within their parent.
 */
function headings(run: { text: string; level: number; path: Path }[]): Finding[] {
  const out: Finding[] = [];
  const last = [0, 0, 0, 0, 0];
  let depth = 0;
  for (const p of run) {
    const level = p.level;
    if (level === 0) continue;
    const expected = headingPrefix(level, last[level]! + 1);
    const n = headingNumber(level, p.text);
    if (n === null || EXTRA_MARK.test(p.text.trim())) {
      const looks = levelLookedLike(p.text);
      const hint = looks && looks !== level ? `，所用序数是${LEVEL_NAMES[looks]}标题的` : '';
      out.push(
        finding(
          'F-HEADING-PREFIX',
          `${q(p.text, 20)}标为${LEVEL_NAMES[level]}标题，应以“${expected}”开头${hint}（层次序数依次为“一、”“（一）”“1.”“（1）”）`,
          p.path,
        ),
      );
    } else if (level > depth + 1) {
      out.push(
        finding(
          'F-HEADING-ORDER',
          `${q(p.text, 20)}是${LEVEL_NAMES[level]}标题，但上面没有${LEVEL_NAMES[depth + 1]}标题（“${headingPrefix(depth + 1, 1)}”）：结构层次不得越级`,
          p.path,
        ),
      );
    } else if (n !== last[level]! + 1) {
      out.push(finding('F-HEADING-ORDER', `${q(p.text, 20)}的序数不连续：此处应为“${expected}”`, p.path));
    }
    last[level] = n ?? last[level]! + 1;
    for (let k = level + 1; k <= 4; k++) last[k] = 0;
    depth = level;
  }
  return out;
}

const headingOrder: Check = (draft) => {
  const all = [...paragraphs(draft)];
  const runs = [
    all.filter((p) => p.path[0] === 'body'),
    ...draft.attachments.map((_, a) => all.filter((p) => p.path[0] === 'attachments' && p.path[1] === a)),
  ];
  return runs.flatMap(headings);
};

const TRAILING_MARK = /[。，；：、,.;:！？!?]$/u;
const OWN_NUMBER = /^(?:附件\s*[\d一二三四五六七八九十]*\s*[：:.．、]?|\d+\s*[.．、]|[（(]\d+[）)])/u;

const attachmentNames: Check = (draft) =>
  draft.attachments.flatMap((a, i) => {
    const out: Finding[] = [];
    const own = OWN_NUMBER.exec(a.title)?.[0];
    if (own)
      out.push(
        finding(
          'F-ATTACH-NAME',
          `附件名称${q(a.title, 60)}前自行加了${q(own)}：附件说明由系统编号（多个附件按“1. 2.”，只有一个附件时不编号）`,
          ['attachments', i, 'title'],
        ),
      );
    const mark = TRAILING_MARK.exec(a.title)?.[0];
    if (mark)
      out.push(
        finding('F-ATTACH-NAME', `附件名称${q(a.title, 60)}末尾有标点“${mark}”：附件名称后不加标点符号`, [
          'attachments',
          i,
          'title',
        ]),
      );
    return out;
  });

const attachmentRefs: Check = (draft) => {
  const count = draft.attachments.length;
  return draft.body.flatMap((p, i) => {
    const out: Finding[] = [];
    const say = (message: string) => out.push(finding('F-ATTACH-REF', message, ['body', i]));
    const numbered = [...p.text.matchAll(/附件\s*(\d+)/gu)];
    if (count === 0 && (numbered.length || /见附件/u.test(p.text)))
      say(`正文提到${q(numbered[0]?.[0] ?? '见附件')}，但本件没有附件`);
    else if (count === 1 && numbered.length) say(`只有一个附件时不编序号，正文${q(numbered[0]![0])}应写作“附件”`);
    else
      for (const m of numbered)
        if (Number(m[1]) > count || Number(m[1]) < 1) say(`正文提到${q(m[0])}，但本件只有 ${count} 个附件`);
    return out;
  });
};

const datesInText: Check = (draft) => {
  const texts: { text: string; path: Path }[] = [
    { text: draft.title, path: ['title'] },
    ...paragraphs(draft),
    ...(draft.note ? [{ text: draft.note, path: ['note'] }] : []),
  ];
  return texts.flatMap(({ text, path }) =>
    irregularDates(text).map((d) =>
      finding('F-DATE-TEXT', `日期${q(d)}应使用阿拉伯数字、年份写全、月日不编虚位，如“2026年1月5日”`, path),
    ),
  );
};

export const bodyChecks: Check[] = [bodyRequired, headingOrder, attachmentNames, attachmentRefs, datesInText];
