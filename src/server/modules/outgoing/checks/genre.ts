import { genreFromTitle, type Genre } from '../../../../contract/official-document';
import type { Direction, Draft } from '../../../../contract/outgoing-draft';
import { DIRECTION_NAMES, finding, q, type Check } from './finding';

// The 文种 and what goes with it: title, direction, recipients, and the special formats (DOMAIN.md §1.2,
// §1.3, §2.5 title conventions, §2.7).

/** Directions Art.8 gives in the purpose of the 文种 itself. */
const STATUTORY_DIRECTIONS: Partial<Record<Genre, Direction[]>> = {
  请示: ['up'],
  报告: ['up'],
  批复: ['down'],
  函: ['parallel'],
};
/** Directions by convention [P]: directive and publication 文种 are not sent upward. */
const USUAL_DIRECTIONS: Partial<Record<Genre, Direction[]>> = Object.fromEntries(
  (['决议', '决定', '命令（令）', '公报', '公告', '通告', '通知', '通报'] as const).map((g) => [g, ['down', 'parallel']]),
);
/** 文种 that may go without 主送 (DOMAIN.md §1.3 #8 [P]; 纪要 are distributed through the 版记). */
const NO_MAIN_NEEDED: Genre[] = ['公告', '通告', '公报', '决议', '命令（令）', '纪要'];
/** 文种 printed in the letter format (GB/T 9704 §10.1) in practice: 函 and an office's lighter documents. */
const LETTER_GENRES: Genre[] = ['函', '通知', '意见', '批复', '通报'];

/** Orders often have no title of their own, and a 纪要 in the minutes format is named by its ××××纪要 header (§10) [P]. */
const untitled = (draft: Draft) => draft.genre === '命令（令）' || (draft.genre === '纪要' && draft.format === 'minutes');

const titleMissing: Check = (draft) =>
  !draft.title.trim() && !untitled(draft)
    ? [finding('F-TITLE-MISSING', `本件没有标题：标题由发文机关名称、事由和文种组成，如“关于…的${draft.genre}”`, ['title'])]
    : [];

const titleGenre: Check = (draft) => {
  const title = draft.title.trim();
  if (!title) return [];
  const ends = genreFromTitle(title);
  if (ends === draft.genre) return [];
  const message = ends
    ? `标题${q(title, 60)}以“${ends}”结尾，但本件文种为“${draft.genre}”；标题应以本件文种结尾`
    : `标题${q(title, 60)}不以法定文种结尾，应以“${draft.genre}”结尾；方案、总结等非法定文种可用“关于印发《…》的通知”行文`;
  return [finding('F-TITLE-GENRE', message, ['title'])];
};

const titleChain: Check = (draft) => {
  const title = draft.title.trim();
  const forwards = title.match(/转发|批转/gu)?.length ?? 0;
  return /的通知的通知$/u.test(title) || forwards > 1
    ? [
        finding(
          'F-TITLE-CHAIN',
          `标题${q(title, 60)}层层转发：应直接转发原文件，写作“关于转发《原文件标题》的通知”，省去中间的转发层次`,
          ['title'],
        ),
      ]
    : [];
};

const titlePunct: Check = (draft) => {
  // Names of laws, rules and forwarded documents keep their own punctuation inside 《》.
  const marks = [...new Set(draft.title.replace(/《[^》]*》/gu, '').match(/\p{P}/gu) ?? [])];
  return marks.length
    ? [
        finding(
          'F-TITLE-PUNCT',
          `标题${q(draft.title, 60)}中有标点符号 ${marks.join(' ')}：标题除法规、规章等名称加书名号外，一般不用标点符号`,
          ['title'],
        ),
      ]
    : [];
};

const genreDirection: Check = (draft) => {
  const statutory = STATUTORY_DIRECTIONS[draft.genre];
  const usual = USUAL_DIRECTIONS[draft.genre];
  const said = `本件行文方向标为“${DIRECTION_NAMES[draft.direction]}”`;
  if (statutory && !statutory.includes(draft.direction)) {
    const expected = statutory.map((d) => DIRECTION_NAMES[d]).join('或');
    const hint = draft.genre === '函' ? '；向上级请求指示、批准用请示，答复下级的请示用批复' : '';
    const why = draft.genre === '函' ? '函用于不相隶属机关之间' : `“${draft.genre}”是${expected}`;
    return [finding('F-GENRE-DIRECTION', `${said}，但${why}，应标为“${expected}”${hint}`, ['direction'])];
  }
  if (usual && !usual.includes(draft.direction)) {
    return [
      finding('F-GENRE-DIRECTION-P', `“${draft.genre}”一般不用于上行，${said}；向上级行文用请示、报告或意见`, ['direction']),
    ];
  }
  return [];
};

const mainRequired: Check = (draft) =>
  draft.mainRecipients.length === 0 && !NO_MAIN_NEEDED.includes(draft.genre)
    ? [finding('F-MAIN-REQUIRED', `“${draft.genre}”须有主送机关，本件没有主送机关`, ['mainRecipients'])]
    : [];

const ccDuplicate: Check = (draft) =>
  draft.ccRecipients.flatMap((c, i) =>
    draft.mainRecipients.some((m) => (m.unitId && m.unitId === c.unitId) || m.name.trim() === c.name.trim())
      ? [
          finding('F-CC-DUPLICATE', `抄送${q(c.name)}已是主送机关：抄送机关是主送机关以外需要执行或知晓的机关，不重复列出`, [
            'ccRecipients',
            i,
          ]),
        ]
      : [],
  );

const requestOneMain: Check = (draft) =>
  draft.genre === '请示' && draft.mainRecipients.length > 1
    ? [
        finding(
          'F-REQUEST-ONE-MAIN',
          `请示只主送一个上级机关，本件主送 ${draft.mainRecipients.length} 个：${draft.mainRecipients.map((r) => q(r.name)).join('')}；其他机关用抄送`,
          ['mainRecipients', 1],
        ),
      ]
    : [];

const CONTACT_PERSON = /联系人/u;
const CONTACT_PHONE = /(?:电话|手机)[：:]?\s*[\d（(][\d\-－—（）() ]{6,}/u;

const requestContact: Check = (draft) => {
  if (draft.genre !== '请示') return [];
  const note = draft.note ?? '';
  if (CONTACT_PERSON.test(note) && CONTACT_PHONE.test(note)) return [];
  const now = note ? `现附注为${q(note, 60)}` : '现无附注';
  return [
    finding('F-REQUEST-CONTACT', `请示应在附注中注明联系人和联系电话，如“联系人：魏芳；联系电话：0791-86123456”；${now}`, [
      'note',
    ]),
  ];
};

const letterGenre: Check = (draft) =>
  draft.format === 'letter' && !LETTER_GENRES.includes(draft.genre)
    ? [
        finding('F-LETTER-GENRE', `“${draft.genre}”一般不用信函格式；信函格式用于函，以及办公厅（室）的通知、意见、批复、通报`, [
          'format',
        ]),
      ]
    : [];

const minutesFormat: Check = (draft) =>
  draft.format === 'minutes' && draft.genre !== '纪要'
    ? [finding('F-MINUTES-FORMAT', `纪要格式只用于纪要，本件文种为“${draft.genre}”，应用文件格式或信函格式`, ['format'])]
    : [];

/** The red header as printed, without 文件: the header name, else the issuers' names. */
const headerText = (draft: Draft) => (draft.headerName ?? draft.issuers.map((i) => i.name).join(' ')).replace(/\s+/gu, '');

/** ×××× in ××××纪要 names the meeting: 常务会议, 常委会, 办公会, 座谈会 …; the layout adds 纪要 when it is missing. */
const MEETING_NAME = /会议?$/u;

const minutesHeader: Check = (draft) => {
  if (draft.format !== 'minutes' || draft.genre !== '纪要') return [];
  const header = headerText(draft);
  return MEETING_NAME.test(header.replace(/纪要$/u, ''))
    ? []
    : [
        finding(
          'F-MINUTES-HEADER',
          `纪要标志应写作“××××纪要”，××××为会议名称，如“江州市人民政府常务会议纪要”；现为${q(header.endsWith('纪要') ? header : `${header}纪要`, 60)}`,
          ['headerName'],
        ),
      ];
};

/** 命令（令）格式, §10.2: the issuer's full name + 命令 or 令, without 文件. */
const orderHeader: Check = (draft) => {
  if (draft.genre !== '命令（令）') return [];
  const printed = `${headerText(draft)}${draft.headerWithWenjian ? '文件' : ''}`;
  return /令$/u.test(printed)
    ? []
    : [
        finding(
          'F-ORDER-HEADER',
          `命令的发文机关标志由发文机关全称加“命令”或“令”组成，不加“文件”，如“江州市人民政府令”；现为${q(printed, 60)}`,
          ['headerName'],
        ),
      ];
};

const minutesSignature: Check = (draft) => {
  if (draft.genre !== '纪要') return [];
  const named = draft.signatureNames.length ? `现署名${draft.signatureNames.map((n) => q(n)).join('')}` : '';
  const sealed = draft.sealed ? '现标为加盖印章' : '';
  return named || sealed
    ? [
        finding('F-MINUTES-SIGNATURE', `纪要一般不署发文机关名称、不加盖印章：${[named, sealed].filter(Boolean).join('，')}`, [
          named ? 'signatureNames' : 'sealed',
        ]),
      ]
    : [];
};

const minutesAttendance: Check = (draft) =>
  draft.genre === '纪要' && !draft.attendance?.present.trim()
    ? [finding('F-MINUTES-ATTENDANCE', '纪要应在正文（或附件说明）下标注“出席：”人员，现未填写出席人员', ['attendance'])]
    : [];

const motionIssuer: Check = (draft, ctx) => {
  const lead = draft.issuers[0]!;
  const f = lead.unitId ? ctx.organs[lead.unitId] : undefined;
  return draft.genre === '议案' && f && f.category !== '政府'
    ? [
        finding(
          'F-MOTION-ISSUER',
          `议案只由人民政府提请同级人民代表大会或其常务委员会审议，发文机关${q(lead.name)}不是人民政府`,
          ['issuers', 0],
        ),
      ]
    : [];
};

export const genreChecks: Check[] = [
  titleMissing,
  titleGenre,
  titleChain,
  titlePunct,
  genreDirection,
  mainRequired,
  ccDuplicate,
  requestOneMain,
  requestContact,
  letterGenre,
  minutesFormat,
  minutesHeader,
  orderHeader,
  minutesSignature,
  minutesAttendance,
  motionIssuer,
];
