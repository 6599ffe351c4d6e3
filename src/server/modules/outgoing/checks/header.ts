import { COPY_NO, DOC_NO, ORDER_NO, normaliseDocNo, secrecyTermProblem } from '../../../../contract/official-document';
import { isStateSecret } from '../../../../contract/common';
import type { Finding } from '../../../../contract/outgoing-checks';
import type { Draft } from '../../../../contract/outgoing-draft';
import { DIRECTION_NAMES, finding, q, type Check } from './finding';
import { printedDate } from './text';

// 版头 elements, 署名, dates and secrecy marks (GB/T 9704 §7.2, §7.3.5, §7.4; DOMAIN.md §2.4, §2.5, §3).

const isSecretDraft = (draft: Draft) => isStateSecret(draft.classification);
const names = (xs: string[]) => xs.map((x) => q(x)).join('');

const secrecyTerm: Check = (draft) => {
  if (!isSecretDraft(draft)) return [];
  const term = draft.secrecyTerm;
  const say = (message: string) => [finding('F-SECRET-TERM', message, ['secrecyTerm'])];
  if (!term)
    return say(
      `${draft.classification}公文须同时标明保密期限，如“${draft.classification}★1年”；不标期限的按法定最长期限计，也应标明`,
    );
  if (/★|绝密|机密|秘密/u.test(term)) return say(`保密期限${q(term)}只写期限，如“1年”“6个月”“长期”，密级和★由版头生成`);
  if (/^[一二三四五六七八九十]+(?:年|个月)$/u.test(term)) return say(`保密期限${q(term)}中的数字用阿拉伯数字，如“1年”`);
  const problem = secrecyTermProblem(draft.classification, term);
  if (problem) return say(`保密期限${q(term)}不合要求：${problem}`);
  // 密级★保密期限 / ★解密时间 / ★解密条件 (DOMAIN.md §3.1): digits only in a period or a date.
  if (/\d/u.test(term) && !TERM_PERIOD.test(term) && !TERM_DATE.test(term)) {
    return say(
      `保密期限${q(term)}不合格式：应写作“1年”“6个月”（一年以上以年计，不编虚位）、“长期”、解密时间（如“2030年12月31日”）或解密条件（如“会议开始前”）`,
    );
  }
  return [];
};

const TERM_PERIOD = /^[1-9]\d*(?:年|个月)$/u;
const TERM_DATE = /^\d{4}年(?:[1-9]|1[0-2])月(?:[1-9]|[12]\d|3[01])日(?:解密)?$/u;

/** 定密权限, 保密法 Art.17: organs below the province may set 机密 and 秘密 only (derivative 绝密 excepted). */
const secrecyAuthority: Check = (draft, ctx) => {
  const lead = draft.issuers[0]!;
  const f = lead.unitId ? ctx.organs[lead.unitId] : undefined;
  return draft.classification === '绝密' && f && f.level !== '省'
    ? [
        finding(
          'F-SECRET-AUTHORITY',
          `本件定为“绝密”，发文机关${q(lead.name)}是${f.level}级机关：设区的市级及以下机关只能确定机密级、秘密级国家秘密；沿用来源文件密级（派生定密）的，请接受此提示并说明来源`,
          ['classification'],
        ),
      ]
    : [];
};

const secrecyUnmarked: Check = (draft) => {
  if (isSecretDraft(draft) || !draft.secrecyTerm) return [];
  const problem = secrecyTermProblem(draft.classification, draft.secrecyTerm)!;
  return [
    finding(
      'F-SECRET-UNMARKED',
      `本件密级为“${draft.classification}”，却标了保密期限${q(draft.secrecyTerm)}：${problem}，应删去；非国家秘密不得标注国家秘密标志`,
      ['secrecyTerm'],
    ),
  ];
};

const copyNo: Check = (draft, _ctx, stage) => {
  if (draft.copyNo && !COPY_NO.test(draft.copyNo))
    return [finding('F-COPY-NO', `份号${q(draft.copyNo)}应为 6 位阿拉伯数字，不足前补 0，如“000123”`, ['copyNo'])];
  if (!draft.copyNo && isSecretDraft(draft) && stage === 'number')
    return [finding('F-COPY-NO', `${draft.classification}公文须标注份号（6 位阿拉伯数字，如“000123”）`, ['copyNo'])];
  return [];
};

const URGENCY_DOC = ['特急', '加急'];

const urgency: Check = (draft) =>
  draft.urgency && !URGENCY_DOC.includes(draft.urgency)
    ? [finding('F-URGENCY', `紧急程度${q(draft.urgency)}只用于电报；公文的紧急程度标“特急”或“加急”`, ['urgency'])]
    : [];

const signerUpward: Check = (draft) =>
  draft.direction !== 'up' && draft.signers.length
    ? [
        finding(
          'F-SIGNER-UPWARD',
          `只有上行文标注签发人，本件为${DIRECTION_NAMES[draft.direction]}，却标注了签发人${names(draft.signers)}`,
          ['signers'],
        ),
      ]
    : [];

const signerCount: Check = (draft, _ctx, stage) =>
  draft.direction === 'up' && stage !== 'draft' && draft.signers.length !== draft.issuers.length
    ? [
        finding(
          'F-SIGNER-COUNT',
          `上行文签发时每个发文机关标注一名签发人：本件有 ${draft.issuers.length} 个发文机关（${names(draft.issuers.map((i) => i.name))}），签发人${draft.signers.length ? names(draft.signers) : '未填写'}`,
          ['signers'],
        ),
      ]
    : [];

/** What normaliseDocNo says, without its "corrected" endings: the check corrects nothing. */
const docNoNotes = (notes: string[]) => notes.map((n) => n.replace(/，已[^，；]*$/u, '')).join('；');

const docNo: Check = (draft, _ctx, stage) => {
  if (draft.genre === '纪要' || draft.format === 'minutes') return []; // 纪要 carry their own numbering [P]
  const isOrder = draft.genre === '命令（令）';
  const no = draft.docNo;
  const say = (message: string): Finding[] => [finding('F-DOCNO', message, ['docNo'])];
  if (!no)
    return stage === 'number' ? say(`编号时须有${isOrder ? '令号，如“第12号”' : '发文字号，如“江委办发〔2026〕12号”'}`) : [];
  if (isOrder) return ORDER_NO.test(no) ? [] : say(`令号${q(no)}应写作“第N号”，如“第12号”，不标年份`);
  if (DOC_NO.test(no)) return [];
  if (ORDER_NO.test(no)) return say(`${q(no)}是令号的写法；发文字号写作“机关代字〔年份〕序号号”，如“江委办发〔2026〕12号”`);
  const r = normaliseDocNo(no);
  return say(`发文字号${q(no)}不合格式：${docNoNotes(r.notes)}${r.ok && r.value ? `；应写作“${r.value}”` : ''}`);
};

const docNoIssuer: Check = (draft, ctx) => {
  const code = draft.docNo ? DOC_NO.exec(draft.docNo)?.groups?.code : undefined;
  const lead = draft.issuers[0]!;
  const issuerCode = lead.unitId ? ctx.organs[lead.unitId]?.issuerCode : null;
  return code && issuerCode && !code.startsWith(issuerCode)
    ? [
        finding(
          'F-DOCNO-ISSUER',
          `发文字号${q(draft.docNo!)}的机关代字“${code}”不是主办机关${q(lead.name)}的代字“${issuerCode}”；联合行文使用主办机关的发文字号`,
          ['docNo'],
        ),
      ]
    : [];
};

/** 纪要 are unsigned [P]; an order carries the signer's title and 签名章 instead of the organ's name (§7.3.5.3). */
const signatureCount: Check = (draft) =>
  draft.genre !== '纪要' && draft.genre !== '命令（令）' && draft.signatureNames.length !== draft.issuers.length
    ? [
        finding(
          'F-SIGNATURE-COUNT',
          `发文机关署名应与发文机关一一对应：发文机关 ${draft.issuers.length} 个（${names(draft.issuers.map((i) => i.name))}），署名${draft.signatureNames.length ? ` ${draft.signatureNames.length} 个（${names(draft.signatureNames)}）` : '未填写'}`,
          ['signatureNames'],
        ),
      ]
    : [];

const writtenDate: Check = (draft, _ctx, stage) =>
  stage !== 'draft' && !draft.writtenDate
    ? [
        finding(
          'F-DATE-WRITTEN',
          `${stage === 'sign' ? '签发' : '编号'}时须有成文日期（签发日期；联合行文为最后签发机关的签发日期）`,
          ['writtenDate'],
        ),
      ]
    : [];

const printed: Check = (draft, _ctx, stage) => {
  if (stage !== 'number' || draft.format === 'letter') return [];
  const missing = [!draft.printedBy && '印发机关', !draft.printedDate && '印发日期'].filter(Boolean);
  return missing.length
    ? [
        finding('F-DATE-PRINTED', `编号时须填写版记中的${missing.join('和')}，如“中共江州市委办公室 2026年11月23日印发”`, [
          draft.printedBy ? 'printedDate' : 'printedBy',
        ]),
      ]
    : [];
};

const dateOrder: Check = (draft) =>
  draft.writtenDate && draft.printedDate && draft.printedDate < draft.writtenDate
    ? [
        finding(
          'F-DATE-ORDER',
          `印发日期“${printedDate(draft.printedDate)}”早于成文日期“${printedDate(draft.writtenDate)}”：公文签发后才能印发`,
          ['printedDate'],
        ),
      ]
    : [];

export const headerChecks: Check[] = [
  secrecyTerm,
  secrecyUnmarked,
  secrecyAuthority,
  copyNo,
  urgency,
  signerUpward,
  signerCount,
  docNo,
  docNoIssuer,
  signatureCount,
  writtenDate,
  printed,
  dateOrder,
];
