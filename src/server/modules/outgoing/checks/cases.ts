import type { CheckStage, RuleId } from '../../../../contract/outgoing-checks';
import type { DraftInput } from '../../../../contract/outgoing-draft';
import { departmentKey, joint, letter, minutes, notice, order, report, request, type Family } from './fixtures';

// One bad document per rule (at least): a known-good document of ./fixtures.ts with the smallest change that
// breaks exactly that rule. checks.test.ts asserts that the table covers every rule of RULES.

export interface BadCase {
  rule: RuleId;
  /** What is wrong, in the words of the rule. */
  what: string;
  family: Family;
  stage?: CheckStage;
  change: (d: DraftInput) => DraftInput;
  /** Text the message must quote. */
  quote?: string;
}

type Paragraph = NonNullable<DraftInput['body']>[number];
const para = (text: string, level = 0): Paragraph => ({ level, text });
/** The body with paragraph i's text replaced (or, with insert, a paragraph put before it). */
const editBody = (d: DraftInput, i: number, text: string, insert = false): Paragraph[] => {
  const b = [...(d.body ?? [])];
  b.splice(i, insert ? 0 : 1, insert ? para(text) : { ...b[i]!, text });
  return b;
};
const organ = (name: string) => ({ name });

export const BAD_CASES: BadCase[] = [
  // 行文规则
  {
    rule: 'R-GEN-2',
    what: 'a 区委办 请示 goes straight to the province, passing 市委, without copying it',
    family: request,
    change: (d) => ({ ...d, mainRecipients: [organ('中共江南省委')] }),
    quote: '中共江州市委',
  },
  {
    rule: 'R-UP-1',
    what: 'an upward 报告 has two 主送',
    family: report,
    change: (d) => ({ ...d, mainRecipients: [organ('中共江州市委办公室'), organ('中共江州市委')] }),
    quote: '中共江州市委',
  },
  {
    rule: 'R-UP-1-CC',
    what: 'an upward 请示 is copied to a subordinate',
    family: request,
    change: (d) => ({ ...d, ccRecipients: [organ('中共江州市东湖区滨江街道工作委员会')] }),
    quote: '滨江街道',
  },
  {
    rule: 'R-UP-3',
    what: 'a 请示 forwards a lower organ’s request without its own opinion',
    family: request,
    change: (d) => ({ ...d, title: '中共江州市东湖区委办公室关于转报滨江街道申请基层治理示范点建设经费的请示' }),
    quote: '转报',
  },
  {
    rule: 'R-UP-4',
    what: 'a 报告 carries a request',
    family: report,
    change: (d) => ({ ...d, body: editBody(d, 5, '以上报告，妥否，请批示。') }),
    quote: '妥否，请批示',
  },
  {
    rule: 'R-UP-4-ONE',
    what: 'a 请示 asks for two things',
    family: request,
    change: (d) => ({ ...d, body: editBody(d, 1, '同时，请批准增加会议经费5万元。', true) }),
    quote: '请批准',
  },
  {
    rule: 'R-UP-5',
    what: 'a 请示 is addressed to a leader in person',
    family: request,
    change: (d) => ({ ...d, mainRecipients: [{ name: '周文斌秘书长', kind: 'person' }] }),
    quote: '周文斌秘书长',
  },
  {
    rule: 'R-UP-5',
    what: 'a 报告 is sent upward in the name of the organ’s head',
    family: report,
    change: (d) => ({ ...d, issuers: [{ name: '罗建平', kind: 'person' }] }),
    quote: '罗建平',
  },
  {
    rule: 'R-DOWN-1',
    what: 'an important downward 通知 is not copied to the issuer’s superior',
    family: notice,
    change: (d) => ({ ...d, flags: { important: true } }),
    quote: '中共江南省委',
  },
  {
    rule: 'R-DOWN-2',
    what: 'a 市直部门 sends a directive 通知 to a district government without the government’s consent',
    family: notice,
    change: (d) => ({
      ...d,
      issuers: [organ('江州市发展和改革委员会')],
      signatureNames: ['江州市发展和改革委员会'],
      mainRecipients: [organ('江州市东湖区人民政府')],
      body: editBody(d, 0, '为确保2027年元旦春节期间各项工作平稳有序，现就做好值班工作有关事项通知如下。'),
    }),
    quote: '江州市东湖区人民政府',
  },
  {
    rule: 'R-DOWN-2',
    what: 'a 市直部门 sends a directive 通知 to 各县（市、区）人民政府 without the government’s consent',
    family: notice,
    change: (d) => ({
      ...d,
      issuers: [organ('江州市发展和改革委员会')],
      signatureNames: ['江州市发展和改革委员会'],
      mainRecipients: [{ name: '各县（市、区）人民政府', kind: 'class' }],
      body: editBody(d, 0, '为确保2027年元旦春节期间各项工作平稳有序，现就做好值班工作有关事项通知如下。'),
    }),
  },
  {
    rule: 'R-DOWN-2',
    what: 'a 市直部门’s own office sends a directive 通知 to a district government for it',
    family: notice,
    change: (d) => ({
      ...d,
      issuers: [organ(departmentKey('江州市发展和改革委员会', '办公室'))],
      signatureNames: ['江州市发展和改革委员会办公室'],
      mainRecipients: [organ('江州市东湖区人民政府')],
      body: editBody(d, 0, '为确保2027年元旦春节期间各项工作平稳有序，现就做好值班工作有关事项通知如下。'),
    }),
    quote: '江州市发展和改革委员会办公室',
  },
  {
    rule: 'R-JOINT-3',
    what: 'a 内设机构 other than the office issues to other organs',
    family: notice,
    change: (d) => ({
      ...d,
      issuers: [organ(departmentKey('中共江州市委办公室', '督查室'))],
      signatureNames: ['中共江州市委办公室督查室'],
    }),
    quote: '督查室',
  },
  // 文种与标题
  { rule: 'F-TITLE-MISSING', what: 'a 通知 without a title', family: notice, change: (d) => ({ ...d, title: '' }) },
  {
    rule: 'F-TITLE-GENRE',
    what: 'a 通知 titled as a 报告',
    family: notice,
    change: (d) => ({ ...d, title: '中共江州市委办公室关于做好2027年元旦春节期间值班工作的报告' }),
    quote: '值班工作的报告',
  },
  {
    rule: 'F-TITLE-GENRE',
    what: 'a title that ends with no statutory 文种',
    family: notice,
    change: (d) => ({ ...d, title: '中共江州市委办公室关于做好2027年元旦春节期间值班工作的安排' }),
    quote: '安排',
  },
  {
    rule: 'F-TITLE-CHAIN',
    what: 'a title forwarding a forwarding',
    family: notice,
    change: (d) => ({ ...d, title: '中共江州市委办公室关于转发市委办公室关于转发省委办公厅值班工作通知的通知的通知' }),
    quote: '转发',
  },
  {
    rule: 'F-TITLE-PUNCT',
    what: 'a title with quotation marks',
    family: notice,
    change: (d) => ({ ...d, title: '中共江州市委办公室关于做好“两节”期间值班工作的通知' }),
    quote: '“两节”',
  },
  {
    rule: 'F-GENRE-DIRECTION',
    what: 'a 函 marked as a downward document',
    family: letter,
    change: (d) => ({ ...d, direction: 'down' }),
    quote: '下行文',
  },
  {
    rule: 'F-GENRE-DIRECTION-P',
    what: 'a 通报 sent upward',
    family: report,
    change: (d) => ({ ...d, genre: '通报', title: '中共江州市东湖区委办公室关于2026年基层治理工作情况的通报' }),
    quote: '通报',
  },
  {
    rule: 'F-DIRECTION-RECIPIENT',
    what: 'a parallel 函 addressed to the issuer’s superior',
    family: letter,
    change: (d) => ({ ...d, mainRecipients: [organ('江州市人民政府')] }),
    quote: '江州市人民政府',
  },
  // 主送、抄送
  { rule: 'F-MAIN-REQUIRED', what: 'a 通知 without 主送', family: notice, change: (d) => ({ ...d, mainRecipients: [] }) },
  {
    rule: 'F-CC-DUPLICATE',
    what: 'an organ both 主送 and 抄送',
    family: notice,
    change: (d) => ({ ...d, ccRecipients: [...(d.ccRecipients ?? []), organ('中共清溪县委办公室')] }),
    quote: '中共清溪县委办公室',
  },
  {
    rule: 'F-RECIPIENT-OUTSIDE',
    what: 'a 主送 typed with a slip of one character (青溪 for 清溪) is not a unit the system delivers to',
    family: notice,
    change: (d) => ({ ...d, mainRecipients: [organ('中共江州市东湖区委办公室'), organ('中共青溪县委办公室')] }),
    quote: '是否为“中共清溪县委办公室”',
  },
  {
    rule: 'F-RECIPIENT-OUTSIDE',
    what: 'an organ outside the system copied is named as needing 线下分发',
    family: notice,
    change: (d) => ({ ...d, ccRecipients: [organ('江南省人民政府办公厅')] }),
    quote: '江南省人民政府办公厅',
  },
  {
    rule: 'F-REQUEST-ONE-MAIN',
    what: 'a 请示 with two 主送',
    family: request,
    change: (d) => ({ ...d, mainRecipients: [organ('中共江州市委办公室'), organ('中共江州市委')] }),
    quote: '中共江州市委',
  },
  {
    rule: 'F-REQUEST-CONTACT',
    what: 'a 请示 without contact person and phone',
    family: request,
    change: (d) => ({ ...d, note: null }),
  },
  {
    rule: 'F-REQUEST-CONTACT',
    what: 'a 请示 whose note has a contact person but no phone',
    family: request,
    change: (d) => ({ ...d, note: '联系人：唐晓琳' }),
    quote: '联系人：唐晓琳',
  },
  // 正文、附件
  { rule: 'F-BODY-REQUIRED', what: 'a 通知 without body text', family: notice, change: (d) => ({ ...d, body: [] }) },
  {
    rule: 'F-HEADING-PREFIX',
    what: 'a level-3 heading numbered 1、',
    family: notice,
    change: (d) => ({ ...d, body: editBody(d, 3, '1、明确带班领导。') }),
    quote: '1、明确带班领导',
  },
  {
    rule: 'F-HEADING-PREFIX',
    what: 'a level-2 heading numbered like level 1',
    family: notice,
    change: (d) => ({ ...d, body: editBody(d, 2, '一、落实领导带班。') }),
    quote: '（一）',
  },
  {
    rule: 'F-HEADING-ORDER',
    what: 'level-1 headings skip a number',
    family: notice,
    change: (d) => ({ ...d, body: editBody(d, 8, '三、做好应急准备') }),
    quote: '二、',
  },
  {
    rule: 'F-HEADING-ORDER',
    what: 'a level-3 heading straight under a level-1 heading',
    family: report,
    change: (d) => ({ ...d, body: [...d.body!.slice(0, 2), para('1.建强网格。', 3), ...d.body!.slice(2)] }),
    quote: '（一）',
  },
  {
    rule: 'F-ATTACH-NAME',
    what: 'an attachment name numbered by hand',
    family: notice,
    change: (d) => ({ ...d, attachments: [d.attachments![0]!, { title: '2.应急物资储备清单', body: null }] }),
    quote: '2.',
  },
  {
    rule: 'F-ATTACH-NAME',
    what: 'an attachment name ending in a full stop',
    family: letter,
    change: (d) => ({ ...d, attachments: [{ title: '2027年市重大项目前期工作经费需求明细表。', body: null }] }),
    quote: '。',
  },
  {
    rule: 'F-ATTACH-REF',
    what: 'the body refers to an attachment that is not there',
    family: notice,
    change: (d) => ({ ...d, body: editBody(d, 9, '各地要做好应急物资储备（清单见附件3）。') }),
    quote: '附件3',
  },
  {
    rule: 'F-ATTACH-REF',
    what: 'the only attachment is referred to by number',
    family: letter,
    change: (d) => ({ ...d, body: editBody(d, 0, '现商请贵局安排重大项目前期工作经费1200万元（明细见附件1）。') }),
    quote: '附件1',
  },
  // 日期
  {
    rule: 'F-DATE-WRITTEN',
    what: 'a signed 通知 without 成文日期',
    family: notice,
    stage: 'sign',
    change: (d) => ({ ...d, writtenDate: null }),
  },
  {
    rule: 'F-DATE-PRINTED',
    what: 'a numbered 通知 without 印发日期',
    family: notice,
    stage: 'number',
    change: (d) => ({ ...d, printedDate: null }),
  },
  {
    rule: 'F-DATE-ORDER',
    what: 'printed before it was signed',
    family: notice,
    stage: 'number',
    change: (d) => ({ ...d, printedDate: '2026-11-19' }),
    quote: '2026年11月19日',
  },
  {
    rule: 'F-DATE-TEXT',
    what: 'a date with zero-padded month and day',
    family: notice,
    change: (d) => ({
      ...d,
      body: editBody(d, 3, '1.明确带班领导。带班领导名单于2026年12月05日前报市委总值班室（格式见附件1）。'),
    }),
    quote: '2026年12月05日',
  },
  {
    rule: 'F-DATE-TEXT',
    what: 'a date in Chinese numerals',
    family: request,
    change: (d) => ({ ...d, body: editBody(d, 0, '区委拟于二〇二七年三月召开全区基层治理现场推进会。') }),
    quote: '二〇二七年三月',
  },
  {
    rule: 'F-DATE-TEXT',
    what: 'a date with a two-digit year',
    family: report,
    change: (d) => ({ ...d, body: editBody(d, 4, '27年3月起，区委将在滨江街道开展基层治理示范点建设。') }),
    quote: '27年3月',
  },
  // 密级、份号、紧急程度
  {
    rule: 'F-SECRET-TERM',
    what: 'a 机密 period beyond the legal 20 years',
    family: notice,
    change: (d) => ({ ...d, secrecyTerm: '25年' }),
    quote: '25年',
  },
  {
    rule: 'F-SECRET-TERM',
    what: 'a period in Chinese numerals',
    family: notice,
    change: (d) => ({ ...d, secrecyTerm: '五年' }),
    quote: '五年',
  },
  {
    rule: 'F-SECRET-TERM',
    what: 'a period with a zero-padded number',
    family: notice,
    change: (d) => ({ ...d, secrecyTerm: '05年' }),
    quote: '05年',
  },
  {
    rule: 'F-SECRET-TERM',
    what: 'the whole mark typed into the period',
    family: notice,
    change: (d) => ({ ...d, secrecyTerm: '机密★5年' }),
    quote: '机密★5年',
  },
  {
    rule: 'F-SECRET-TERM',
    what: 'a 机密 document without a period',
    family: notice,
    change: (d) => ({ ...d, secrecyTerm: null }),
  },
  {
    rule: 'F-SECRET-UNMARKED',
    what: 'a 内部 document carrying a secrecy period',
    family: notice,
    change: (d) => ({ ...d, classification: '内部' }),
    quote: '5年',
  },
  {
    rule: 'F-SECRET-AUTHORITY',
    what: 'a city-level office classifying 绝密',
    family: notice,
    change: (d) => ({ ...d, classification: '绝密' }),
    quote: '中共江州市委办公室',
  },
  {
    rule: 'F-COPY-NO',
    what: 'a 机密 document numbered without 份号',
    family: notice,
    stage: 'number',
    change: (d) => ({ ...d, copyNo: null }),
  },
  {
    rule: 'F-COPY-NO',
    what: 'a 份号 that is not 6 digits',
    family: notice,
    change: (d) => ({ ...d, copyNo: '12' }),
    quote: '12',
  },
  {
    rule: 'F-URGENCY',
    what: 'a telegram urgency on a document',
    family: notice,
    change: (d) => ({ ...d, urgency: '平急' }),
    quote: '平急',
  },
  // 版头、署名
  {
    rule: 'F-SIGNER-UPWARD',
    what: 'a downward 通知 printing 签发人',
    family: notice,
    stage: 'sign',
    change: (d) => ({ ...d, signers: ['周文斌'] }),
    quote: '周文斌',
  },
  {
    rule: 'F-SIGNER-COUNT',
    what: 'a signed 请示 without 签发人',
    family: request,
    stage: 'sign',
    change: (d) => ({ ...d, signers: [] }),
  },
  {
    rule: 'F-DOCNO',
    what: 'a 发文字号 with square brackets and a leading zero',
    family: notice,
    stage: 'number',
    change: (d) => ({ ...d, docNo: '江委办发[2026]012号' }),
    quote: '江委办发[2026]012号',
  },
  {
    rule: 'F-DOCNO',
    what: 'an order numbered like a 发文字号',
    family: order,
    stage: 'number',
    change: (d) => ({ ...d, docNo: '江政令〔2026〕12号' }),
    quote: '第N号',
  },
  {
    rule: 'F-DOCNO',
    what: 'a numbered 通知 without 发文字号',
    family: notice,
    stage: 'number',
    change: (d) => ({ ...d, docNo: null }),
  },
  {
    rule: 'F-DOCNO-ISSUER',
    what: 'a joint document numbered with the second issuer’s code',
    family: joint,
    stage: 'number',
    change: (d) => ({ ...d, docNo: '江政办发〔2026〕13号' }),
    quote: '江委办',
  },
  {
    rule: 'F-SIGNATURE-COUNT',
    what: 'a joint document signed by the lead issuer only',
    family: joint,
    change: (d) => ({ ...d, signatureNames: ['中共江州市委办公室'] }),
  },
  // 特定格式与文种
  {
    rule: 'F-LETTER-GENRE',
    what: 'a 请示 in the letter format',
    family: request,
    change: (d) => ({ ...d, format: 'letter' }),
    quote: '请示',
  },
  {
    rule: 'F-MINUTES-FORMAT',
    what: 'a 通知 in the minutes format',
    family: notice,
    change: (d) => ({ ...d, format: 'minutes' }),
    quote: '通知',
  },
  {
    rule: 'F-MINUTES-HEADER',
    what: 'a 纪要 headed with the office’s name instead of the meeting’s',
    family: minutes,
    change: (d) => ({ ...d, headerName: null }),
    quote: '江州市人民政府办公室纪要',
  },
  {
    rule: 'F-MINUTES-SIGNATURE',
    what: 'a 纪要 signed and sealed',
    family: minutes,
    change: (d) => ({ ...d, signatureNames: ['江州市人民政府办公室'], sealed: true }),
    quote: '江州市人民政府办公室',
  },
  { rule: 'F-MINUTES-ATTENDANCE', what: 'a 纪要 without 出席', family: minutes, change: (d) => ({ ...d, attendance: null }) },
  {
    rule: 'F-MOTION-ISSUER',
    what: 'a 议案 from a party office',
    family: notice,
    change: (d) => ({ ...d, genre: '议案', title: '中共江州市委办公室关于提请审议江州市值班工作条例草案的议案' }),
    quote: '中共江州市委办公室',
  },
  {
    rule: 'F-ORDER-HEADER',
    what: 'an order header with 文件',
    family: order,
    change: (d) => ({ ...d, headerWithWenjian: true }),
    quote: '江州市人民政府令文件',
  },
  {
    rule: 'F-ORDER-HEADER',
    what: 'an order header without 令',
    family: order,
    change: (d) => ({ ...d, headerName: '江州市人民政府' }),
    quote: '江州市人民政府',
  },
];

/** Documents the rules must let through: the exceptions and the accepted variants. */
export const ALLOWED: { what: string; family: Family; stage?: CheckStage; change: (d: DraftInput) => DraftInput }[] = [
  {
    what: 'R-DOWN-2: a 市直部门 may write to a district government when the text states the government’s consent',
    family: notice,
    change: (d) => ({
      ...d,
      issuers: [organ('江州市发展和改革委员会')],
      signatureNames: ['江州市发展和改革委员会'],
      mainRecipients: [organ('江州市东湖区人民政府')],
      body: editBody(d, 0, '为确保2027年元旦春节期间各项工作平稳有序，经市人民政府同意，现就做好值班工作有关事项通知如下。'),
    }),
  },
  {
    what: 'R-JOINT-3: a department’s own office (办公室) may write outside',
    family: notice,
    change: (d) => ({
      ...d,
      issuers: [organ(departmentKey('江州市发展和改革委员会', '办公室'))],
      signatureNames: ['江州市发展和改革委员会办公室'],
      mainRecipients: [organ('江州市财政局')],
      ccRecipients: [],
    }),
  },
  {
    what: 'R-GEN-2: going past 市委 is allowed when its office is copied',
    family: request,
    change: (d) => ({ ...d, mainRecipients: [organ('中共江南省委')], ccRecipients: [organ('中共江州市委办公室')] }),
  },
  {
    what: 'R-GEN-2: a 市直部门 writing to 市委 passes 市政府 in the tree but skips no level',
    family: report,
    change: (d) => ({
      ...d,
      issuers: [organ('江州市发展和改革委员会')],
      signatureNames: ['江州市发展和改革委员会'],
      mainRecipients: [organ('中共江州市委')],
      title: '江州市发展和改革委员会关于2026年重大项目推进情况的报告',
    }),
  },
  {
    what: 'R-DOWN-1: an important 通知 copied to the superior',
    family: notice,
    change: (d) => ({ ...d, flags: { important: true }, ccRecipients: [...(d.ccRecipients ?? []), organ('中共江南省委')] }),
  },
  {
    what: 'R-UP-5: a leader may be addressed on a matter he assigned directly',
    family: request,
    change: (d) => ({ ...d, mainRecipients: [{ name: '周文斌秘书长', kind: 'person' }], flags: { directAssignment: true } }),
  },
  {
    what: 'F-DIRECTION-RECIPIENT: a county office writes up to 市委办 (the 临江 office hangs straight under 市委)',
    family: request,
    change: (d) => ({ ...d, issuers: [organ('中共临江县委办公室')], signatureNames: ['中共临江县委办公室'] }),
  },
  { what: 'F-SECRET-TERM: a period of months', family: notice, change: (d) => ({ ...d, secrecyTerm: '6个月' }) },
  { what: 'F-SECRET-TERM: 长期', family: notice, change: (d) => ({ ...d, secrecyTerm: '长期' }) },
  { what: 'F-SECRET-TERM: a declassification date', family: notice, change: (d) => ({ ...d, secrecyTerm: '2030年12月31日' }) },
  { what: 'F-SECRET-TERM: a declassification condition', family: notice, change: (d) => ({ ...d, secrecyTerm: '会议开始前' }) },
  {
    what: 'F-MINUTES-HEADER: the header may already end with 纪要',
    family: minutes,
    change: (d) => ({ ...d, headerName: '江州市人民政府常务会议纪要' }),
  },
  {
    what: 'F-TITLE-MISSING: a 纪要 in the minutes format may carry a title of its own',
    family: minutes,
    change: (d) => ({ ...d, title: '关于研究城市绿化和防汛工作的会议纪要' }),
  },
  {
    what: 'F-TITLE-PUNCT: the name of a forwarded document keeps its punctuation inside 《》',
    family: notice,
    change: (d) => ({ ...d, title: '中共江州市委办公室关于印发《江州市值班工作规范（试行）》的通知' }),
  },
  {
    what: 'R-UP-4: a 函 may ask a non-superior for approval',
    family: letter,
    change: (d) => ({ ...d, body: editBody(d, 1, '妥否，请予批准。') }),
  },
];
