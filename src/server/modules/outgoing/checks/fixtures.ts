import type { CheckStage } from '../../../../contract/outgoing-checks';
import { draftSchema, type Draft, type DraftInput, type OrganRef } from '../../../../contract/outgoing-draft';
import type { OrgSnapshot, OrgUnit } from './context';

// Known-good documents of each format and 文种 family, for the checks' tests: each written with organ names
// only, then bound to an org tree (the snapshot below, or the demo organisation on a database) by name, as the
// editor's organ picker does.

/** Units the demo organisation lacks, which the routing rules need: a province above the city, a district government, a sub-district. */
export const EXTRA_UNITS = [
  { name: '中共江南省委', parent: null, level: '省', category: '党委', issuerCode: '江南委' },
  { name: '江州市东湖区人民政府', parent: '江州市人民政府', level: '县', category: '政府', issuerCode: '东政' },
  {
    name: '中共江州市东湖区滨江街道工作委员会',
    parent: '中共江州市东湖区委',
    level: '乡',
    category: '党委',
    issuerCode: '滨工委',
  },
] as const;

/** The demo tree (src/server/org/demo-data.ts) as far as the checks see it, 市委 under the province, plus EXTRA_UNITS. */
const TREE: [name: string, parent: string | null, level: string, category: string, issuerCode: string][] = [
  ['中共江州市委', '中共江南省委', '市', '党委', '江委'],
  ['中共江州市委办公室', '中共江州市委', '市', '党委办公室', '江委办'],
  ['江州市人民政府', '中共江州市委', '市', '政府', '江政'],
  ['江州市人民政府办公室', '江州市人民政府', '市', '政府办公室', '江政办'],
  ['中共江州市东湖区委', '中共江州市委', '县', '党委', '东委'],
  ['中共江州市东湖区委办公室', '中共江州市东湖区委', '县', '党委办公室', '东委办'],
  ['中共清溪县委', '中共江州市委', '县', '党委', '清委'],
  ['中共清溪县委办公室', '中共清溪县委', '县', '党委办公室', '清委办'],
  // The demo hangs this county office straight under 市委, with no 临江县委 of its own.
  ['中共临江县委办公室', '中共江州市委', '县', '党委办公室', '临委办'],
  ['中共江州市委组织部', '中共江州市委', '市', '部门', '江组'],
  ['江州市发展和改革委员会', '江州市人民政府', '市', '部门', '江发改'],
  ['江州市财政局', '江州市人民政府', '市', '部门', '江财'],
  ...EXTRA_UNITS.map((u): [string, string | null, string, string, string] => [
    u.name,
    u.parent,
    u.level,
    u.category,
    u.issuerCode,
  ]),
];
const DEPARTMENTS: [unit: string, name: string][] = [
  ['中共江州市委办公室', '督查室'],
  ['中共江州市委办公室', '秘书科'],
  ['江州市发展和改革委员会', '办公室'],
  ['江州市发展和改革委员会', '规划科'],
];

/** How a 内设机构 is named in a document, and in the name → id maps: unit name + its own name. */
export const departmentKey = (unitName: string, name: string) => `${unitName}${name}`;

const fakeId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The tree as a snapshot for buildCheckContext, with the name → id map to bind documents to it. */
export function orgSnapshot(): { org: OrgSnapshot; ids: Map<string, string> } {
  const ids = new Map<string, string>();
  TREE.forEach(([name], i) => ids.set(name, fakeId(i + 1)));
  const units: OrgUnit[] = TREE.map(([name, parent, level, category, issuerCode]) => ({
    id: ids.get(name)!,
    parentId: parent ? ids.get(parent)! : null,
    name,
    level,
    category,
    issuerCode,
  }));
  const departments = DEPARTMENTS.map(([u, name], i) => {
    ids.set(departmentKey(u, name), fakeId(100 + i));
    return { id: fakeId(100 + i), unitId: ids.get(u)!, name };
  });
  return { org: { units, departments }, ids };
}

/** Gives every organ the tree knows its unitId; classes, persons and outside organs stay as written. */
export function bind(draft: DraftInput, ids: Map<string, string>): Draft {
  const withId = (r: DraftInput['issuers'][number]): OrganRef => ({
    kind: 'organ',
    ...r,
    unitId: (r.kind ?? 'organ') === 'organ' ? (ids.get(r.name) ?? null) : null,
  });
  return draftSchema.parse({
    ...draft,
    issuers: draft.issuers.map(withId),
    mainRecipients: (draft.mainRecipients ?? []).map(withId),
    ccRecipients: (draft.ccRecipients ?? []).map(withId),
  });
}

const organ = (name: string) => ({ name });
const cls = (name: string) => ({ name, kind: 'class' as const });

export interface Family {
  name: string;
  draft: () => DraftInput;
  /** What 签发 adds (成文日期, and 签发人 of an upward document). */
  sign: Partial<DraftInput>;
  /** What 编号 adds (发文字号 or 令号, 印发机关和日期). */
  number: Partial<DraftInput>;
}

/** The document as it stands at the stage: the draft, then what 签发 and 编号 add. */
export function atStage(f: Family, stage: CheckStage): DraftInput {
  return { ...f.draft(), ...(stage !== 'draft' ? f.sign : {}), ...(stage === 'number' ? f.number : {}) };
}

const CITY_OFFICE = '中共江州市委办公室';
const DONGHU_OFFICE = '中共江州市东湖区委办公室';

/** 文件格式, 下行: a classified, urgent 通知 with every heading level and two attachments. */
export const notice: Family = {
  name: '市委办 sends a 机密 特急 通知 down to the county offices',
  draft: () => ({
    format: 'standard',
    genre: '通知',
    direction: 'down',
    issuers: [organ(CITY_OFFICE)],
    copyNo: '000012',
    classification: '机密',
    secrecyTerm: '5年',
    urgency: '特急',
    title: '中共江州市委办公室关于做好2027年元旦春节期间值班工作的通知',
    mainRecipients: [organ('中共江州市东湖区委办公室'), organ('中共清溪县委办公室'), organ('中共临江县委办公室')],
    body: [
      { level: 0, text: '为确保2027年元旦春节期间各项工作平稳有序，经市委同意，现就做好值班工作有关事项通知如下。' },
      { level: 1, text: '一、严格落实值班制度' },
      { level: 2, text: '（一）落实领导带班。各地要严格执行24小时值班和领导干部带班制度。' },
      { level: 3, text: '1.明确带班领导。带班领导名单于2026年12月25日前报市委总值班室（格式见附件1）。' },
      { level: 4, text: '（1）带班领导须在岗在位，不得擅离职守。' },
      { level: 4, text: '（2）带班期间保持通讯畅通。' },
      { level: 3, text: '2.充实值班力量。' },
      { level: 2, text: '（二）规范信息报送。遇有重大突发事件，要按规定时限向市委总值班室报告，严禁迟报、漏报、瞒报。' },
      { level: 1, text: '二、做好应急准备' },
      { level: 0, text: '各地要对照《江州市突发事件总体应急预案》，做好应急物资储备（清单见附件2）。' },
    ],
    attachments: [
      { title: '2027年元旦春节期间带班领导名单', body: [{ level: 0, text: '元旦期间：2026年12月31日至2027年1月2日。' }] },
      { title: '应急物资储备清单', body: null },
    ],
    signatureNames: [CITY_OFFICE],
    sealed: true,
    note: '此件发至县级',
    ccRecipients: [organ('江州市人民政府办公室')],
  }),
  sign: { writtenDate: '2026-11-20' },
  number: { docNo: '江委办发〔2026〕12号', printedBy: CITY_OFFICE, printedDate: '2026-11-23' },
};

/** 上行: a 请示 to one superior, one matter, with the contact note. */
export const request: Family = {
  name: '东湖区委办 asks 市委办 for instructions (请示)',
  draft: () => ({
    format: 'standard',
    genre: '请示',
    direction: 'up',
    issuers: [organ(DONGHU_OFFICE)],
    title: '中共江州市东湖区委办公室关于召开全区基层治理现场推进会的请示',
    mainRecipients: [organ(CITY_OFFICE)],
    body: [
      {
        level: 0,
        text: '为总结推广基层治理经验，区委拟于2027年3月在滨江街道召开全区基层治理现场推进会，会期1天，邀请市委分管领导同志出席并讲话。',
      },
      { level: 0, text: '妥否，请批示。' },
    ],
    signatureNames: [DONGHU_OFFICE],
    note: '联系人：唐晓琳；联系电话：0791-86123456',
  }),
  sign: { writtenDate: '2026-11-20', signers: ['罗建平'] },
  number: { docNo: '东委办〔2026〕31号', printedBy: DONGHU_OFFICE, printedDate: '2026-11-23' },
};

/** 上行: a 报告 that asks for nothing. */
export const report: Family = {
  name: '东湖区委办 reports to 市委办 (报告)',
  draft: () => ({
    ...request.draft(),
    genre: '报告',
    title: '中共江州市东湖区委办公室关于2026年基层治理工作情况的报告',
    body: [
      { level: 0, text: '2026年，区委坚持和发展新时代“枫桥经验”，扎实推进基层治理各项工作。现将有关情况报告如下。' },
      { level: 1, text: '一、主要做法' },
      { level: 0, text: '全区建成网格化服务管理中心12个，化解矛盾纠纷1300余件。' },
      { level: 1, text: '二、下步打算' },
      { level: 0, text: '2027年，区委将在滨江街道开展基层治理示范点建设。' },
      { level: 0, text: '特此报告。' },
    ],
    note: null,
  }),
  sign: request.sign,
  number: { ...request.number, docNo: '东委办〔2026〕32号' },
};

/** 信函格式: a 函 between organs that are not subordinate to each other. */
export const letter: Family = {
  name: '市发改委 writes a 函 to 市财政局 in the letter format',
  draft: () => ({
    format: 'letter',
    genre: '函',
    direction: 'parallel',
    issuers: [organ('江州市发展和改革委员会')],
    headerWithWenjian: false,
    title: '江州市发展和改革委员会关于商请安排2027年重大项目前期工作经费的函',
    mainRecipients: [organ('江州市财政局')],
    body: [
      {
        level: 0,
        text: '为加快推进2027年市重大项目前期工作，根据《江州市政府投资项目管理办法》，现商请贵局在2027年部门预算中安排重大项目前期工作经费1200万元（明细见附件）。',
      },
      { level: 0, text: '请予支持，并函复。' },
    ],
    attachments: [{ title: '2027年市重大项目前期工作经费需求明细表', body: null }],
    signatureNames: ['江州市发展和改革委员会'],
    note: '联系人：程浩；联系电话：0791-86220011',
  }),
  sign: { writtenDate: '2026-11-20' },
  number: { docNo: '江发改函〔2026〕45号' },
};

/** 纪要格式: unsigned, unsealed, with 出席/请假/列席, named by its ××××纪要 header. */
export const minutes: Family = {
  name: '市政府常务会议纪要 in the minutes format',
  draft: () => ({
    format: 'minutes',
    genre: '纪要',
    direction: 'down',
    issuers: [organ('江州市人民政府办公室')],
    headerName: '江州市人民政府常务会议',
    title: '',
    body: [
      { level: 0, text: '2026年11月18日，市长李明主持召开市政府第35次常务会议，研究城市绿化和防汛工作。现纪要如下：' },
      { level: 1, text: '一、关于《江州市城市绿化管理办法》' },
      { level: 0, text: '会议审议并原则通过《江州市城市绿化管理办法》，由市司法局根据会议意见修改后，以市政府令公布。' },
      { level: 1, text: '二、关于2027年防汛准备工作' },
      { level: 0, text: '会议要求，各地各部门要压实责任，2027年3月底前完成汛前检查。' },
    ],
    signatureNames: [],
    sealed: false,
    attendance: {
      present: '李明、赵刚、孙丽、周强',
      absent: '吴涛（出差）',
      observers: '市政府办公室、市司法局、市水利局负责同志',
    },
    ccRecipients: [organ(CITY_OFFICE)],
  }),
  sign: { writtenDate: '2026-11-19' },
  number: { docNo: '第35期', printedBy: '江州市人民政府办公室', printedDate: '2026-11-20' },
};

/** 联合行文: two issuers, one 发文字号 (the lead's), a signature for each. */
export const joint: Family = {
  name: '市委办 and 市政府办 issue a joint 通知',
  draft: () => ({
    format: 'standard',
    genre: '通知',
    direction: 'down',
    issuers: [organ(CITY_OFFICE), organ('江州市人民政府办公室')],
    headerName: `${CITY_OFFICE}\n江州市人民政府办公室`,
    title: '中共江州市委办公室 江州市人民政府办公室关于进一步精简会议和文件的通知',
    mainRecipients: [cls('各县（市、区）委'), cls('各县（市、区）人民政府'), cls('市委各部委'), cls('市直各单位')],
    body: [
      { level: 0, text: '为深入落实中央八项规定精神，切实为基层减负，经市委、市政府同意，现就进一步精简会议和文件通知如下。' },
      { level: 1, text: '一、从严控制会议' },
      { level: 0, text: '全市性会议每年控制在10个以内，能合并的合并召开。' },
      { level: 1, text: '二、从严控制发文' },
      { level: 0, text: '市级层面发文数量比2026年减少10%以上。' },
    ],
    signatureNames: [CITY_OFFICE, '江州市人民政府办公室'],
    note: '此件公开发布',
  }),
  sign: { writtenDate: '2026-11-20' },
  number: { docNo: '江委办发〔2026〕13号', printedBy: CITY_OFFICE, printedDate: '2026-11-23' },
};

/** 命令（令）: the government's order, numbered 第N号, signed with the mayor's 签名章 rather than the organ's name. */
export const order: Family = {
  name: '市政府令 第12号 promulgates a rule',
  draft: () => ({
    format: 'standard',
    genre: '命令（令）',
    direction: 'down',
    issuers: [organ('江州市人民政府')],
    headerName: '江州市人民政府令',
    headerWithWenjian: false,
    title: '',
    body: [
      {
        level: 0,
        text: '《江州市城市绿化管理办法》已经2026年11月18日市人民政府第35次常务会议通过，现予公布，自2027年1月1日起施行。',
      },
    ],
    signatureNames: [],
    sealed: false,
  }),
  sign: { writtenDate: '2026-11-20' },
  number: { docNo: '第12号', printedBy: '江州市人民政府办公室', printedDate: '2026-11-23' },
};

export const FAMILIES = [notice, request, report, letter, minutes, joint, order];
