import { z } from 'zod';
import type { UNIT_CATEGORIES, UNIT_LEVELS } from './org';

// 规范性审核 of an outgoing draft (DOMAIN.md §1.2–1.5, §2.4–2.6, §3): the rules as data, what a check
// reports, and the organisational facts the routing rules (行文规则) need. The checks themselves live in
// src/server/modules/outgoing/checks; the web shows RULES as they are.

/** When the checks run: while drafting, at 签发 (the signed version), at 编号/登记 (before printing). */
export const CHECK_STAGES = ['draft', 'sign', 'number'] as const;
export type CheckStage = (typeof CHECK_STAGES)[number];

/** An error blocks 签发; a warning needs a recorded override with a reason. */
const findingSeveritySchema = z.enum(['error', 'warning']);
export type FindingSeverity = z.output<typeof findingSeveritySchema>;

/**
 * The rules, one line each: a stable id (R-* from DOMAIN.md §1.4, F-* for format rules), the severity, where
 * the rule comes from, and what it asks. Practice rules ([P] in DOMAIN.md, marked 惯例) are warnings.
 */
export const RULES = [
  // 行文规则 (条例 Art.14–17)
  { id: 'R-GEN-2', severity: 'warning', source: '条例第十四条', description: '不越级行文；越级时抄送被越过的机关' },
  { id: 'R-UP-1', severity: 'warning', source: '条例第十五条（一）', description: '上行文原则上主送一个上级机关' },
  { id: 'R-UP-1-CC', severity: 'error', source: '条例第十五条（一）', description: '上行文不得抄送下级机关' },
  {
    id: 'R-UP-3',
    severity: 'warning',
    source: '条例第十五条（三）',
    description: '转报下级机关的请示须提出倾向性意见，不得原文转报（按标题与用语推断）',
  },
  { id: 'R-UP-4', severity: 'error', source: '条例第十五条（四）', description: '除请示外，上行文不得夹带请示事项' },
  { id: 'R-UP-4-ONE', severity: 'warning', source: '条例第十五条（四）', description: '请示应当一文一事' },
  {
    id: 'R-UP-5',
    severity: 'error',
    source: '条例第十五条（五）',
    description: '除上级领导直接交办事项外，不得以本机关名义向领导者个人行文，不得以本机关负责人名义向上级机关行文',
  },
  {
    id: 'R-DOWN-1',
    severity: 'warning',
    source: '条例第十六条（一）',
    description: '重要行文应当同时抄送发文机关的直接上级机关',
  },
  {
    id: 'R-DOWN-2',
    severity: 'error',
    source: '条例第十六条（二）',
    description: '党委、政府的部门不得向下级党委、政府发指令性公文；经本级党委、政府同意的，文中须注明',
  },
  { id: 'R-JOINT-3', severity: 'error', source: '条例第十七条', description: '部门内设机构除办公厅（室）外不得对外正式行文' },
  // 文种与标题
  {
    id: 'F-TITLE-MISSING',
    severity: 'error',
    source: '条例第九条（七）',
    description: '公文须有标题（命令和纪要格式的纪要除外）',
  },
  { id: 'F-TITLE-GENRE', severity: 'error', source: '条例第八条、第九条（七）', description: '标题以本件的法定文种结尾' },
  { id: 'F-TITLE-CHAIN', severity: 'warning', source: '惯例', description: '标题避免“关于转发…的通知的通知”式的层层转发' },
  { id: 'F-TITLE-PUNCT', severity: 'warning', source: '惯例', description: '标题除书名号外一般不用标点符号' },
  {
    id: 'F-GENRE-DIRECTION',
    severity: 'error',
    source: '条例第八条',
    description: '请示、报告是上行文，批复是下行文，函用于不相隶属机关之间',
  },
  {
    id: 'F-GENRE-DIRECTION-P',
    severity: 'warning',
    source: '惯例',
    description: '决定、通知、通报等指挥性和公布性文种不用于上行',
  },
  { id: 'F-DIRECTION-RECIPIENT', severity: 'warning', source: '条例第十四条', description: '行文方向与主送机关的隶属关系相符' },
  // 主送、抄送
  {
    id: 'F-MAIN-REQUIRED',
    severity: 'error',
    source: '条例第九条（八）',
    description: '须有主送机关（公告、通告、公报、决议、命令、纪要除外）',
  },
  {
    id: 'F-CC-DUPLICATE',
    severity: 'error',
    source: '条例第九条（十六）',
    description: '抄送机关是主送机关以外的机关，不重复主送',
  },
  {
    id: 'F-RECIPIENT-OUTSIDE',
    severity: 'warning',
    source: '条例第二十五条（四）',
    description: '主送、抄送机关不是本系统单位的，系统不能送达，核发时须线下分发（请核对名称有无笔误）',
  },
  {
    id: 'F-REQUEST-ONE-MAIN',
    severity: 'error',
    source: '条例第八条（十一）、第十五条（一）',
    description: '请示只主送一个上级机关，其他机关用抄送',
  },
  {
    id: 'F-REQUEST-CONTACT',
    severity: 'warning',
    source: '惯例（GB/T 9704-2012 7.3.6 附注）',
    description: '请示在附注中注明联系人和联系电话',
  },
  // 正文、附件
  { id: 'F-BODY-REQUIRED', severity: 'error', source: '条例第九条（九）', description: '须有正文' },
  {
    id: 'F-HEADING-PREFIX',
    severity: 'error',
    source: 'GB/T 9704-2012 7.3.3',
    description: '标题序数与层级相符：一、（一）1.（1）',
  },
  {
    id: 'F-HEADING-ORDER',
    severity: 'error',
    source: 'GB/T 9704-2012 7.3.3',
    description: '结构层次依次排列，不越级，同级序数连续',
  },
  {
    id: 'F-ATTACH-NAME',
    severity: 'error',
    source: 'GB/T 9704-2012 7.3.4',
    description: '附件名称不自行编号（多个附件时由附件说明按 1. 2. 编号），名称后不加标点',
  },
  {
    id: 'F-ATTACH-REF',
    severity: 'error',
    source: 'GB/T 9704-2012 7.3.4、7.3.7',
    description: '正文所称附件与附件说明的顺序号一致',
  },
  // 日期
  {
    id: 'F-DATE-WRITTEN',
    severity: 'error',
    source: '条例第九条（十二）、GB/T 9704-2012 7.3.5',
    description: '签发后须有成文日期',
  },
  {
    id: 'F-DATE-PRINTED',
    severity: 'error',
    source: 'GB/T 9704-2012 7.4.3',
    description: '编号时须有印发机关和印发日期（信函格式除外）',
  },
  { id: 'F-DATE-ORDER', severity: 'error', source: 'GB/T 9704-2012 7.4.3', description: '印发日期不早于成文日期' },
  {
    id: 'F-DATE-TEXT',
    severity: 'warning',
    source: 'GB/T 15835-2011、GB/T 9704-2012 7.3.5',
    description: '文中日期用阿拉伯数字，年份写全，月、日不编虚位',
  },
  // 密级、份号、紧急程度
  {
    id: 'F-SECRET-TERM',
    severity: 'error',
    source: '保密法第二十条、保密法实施条例第二十一条',
    description: '涉密公文标明密级和保密期限，期限不超过法定最长期限',
  },
  { id: 'F-SECRET-UNMARKED', severity: 'error', source: '保密法第二十二条', description: '非涉密公文不标保密期限' },
  {
    id: 'F-SECRET-AUTHORITY',
    severity: 'warning',
    source: '保密法第十七条',
    description: '设区的市级及以下机关只能确定机密级、秘密级（派生定密除外）',
  },
  {
    id: 'F-COPY-NO',
    severity: 'error',
    source: '条例第九条（一）、GB/T 9704-2012 7.2.1',
    description: '涉密公文标注份号，份号为 6 位阿拉伯数字',
  },
  {
    id: 'F-URGENCY',
    severity: 'error',
    source: 'GB/T 9704-2012 7.2.3',
    description: '紧急程度标“特急”或“加急”（特提、平急只用于电报）',
  },
  // 版头、署名
  {
    id: 'F-SIGNER-UPWARD',
    severity: 'error',
    source: '条例第九条（六）、GB/T 9704-2012 7.2.6',
    description: '只有上行文标注签发人',
  },
  {
    id: 'F-SIGNER-COUNT',
    severity: 'error',
    source: '条例第二十二条、GB/T 9704-2012 7.2.6',
    description: '上行文签发时每个发文机关标注一名签发人',
  },
  {
    id: 'F-DOCNO',
    severity: 'error',
    source: 'GB/T 9704-2012 7.2.5、10.2',
    description: '编号时须有发文字号，写作“机关代字〔年份〕序号号”，命令写作“第N号”',
  },
  { id: 'F-DOCNO-ISSUER', severity: 'warning', source: 'GB/T 9704-2012 7.2.5', description: '发文字号用主办机关的机关代字' },
  {
    id: 'F-SIGNATURE-COUNT',
    severity: 'error',
    source: '条例第九条（十一）、GB/T 9704-2012 7.3.5',
    description: '发文机关署名与发文机关一一对应，联合行文逐一署名（纪要、命令除外）',
  },
  // 特定格式与文种
  {
    id: 'F-LETTER-GENRE',
    severity: 'warning',
    source: '惯例（GB/T 9704-2012 10.1）',
    description: '信函格式用于函及办公厅（室）的通知、意见、批复、通报',
  },
  { id: 'F-MINUTES-FORMAT', severity: 'error', source: 'GB/T 9704-2012 10.3', description: '纪要格式只用于纪要' },
  {
    id: 'F-MINUTES-HEADER',
    severity: 'error',
    source: 'GB/T 9704-2012 10.3',
    description: '纪要标志写作“××××纪要”，××××为会议名称',
  },
  {
    id: 'F-MINUTES-SIGNATURE',
    severity: 'warning',
    source: '惯例（《党政机关公文格式》应用指南）',
    description: '纪要不署发文机关名称、不加盖印章',
  },
  { id: 'F-MINUTES-ATTENDANCE', severity: 'warning', source: 'GB/T 9704-2012 10.3', description: '纪要标注出席人员' },
  {
    id: 'F-ORDER-HEADER',
    severity: 'error',
    source: 'GB/T 9704-2012 10.2',
    description: '命令的发文机关标志由发文机关全称加“命令”或“令”组成',
  },
  {
    id: 'F-MOTION-ISSUER',
    severity: 'error',
    source: '条例第八条（十三）',
    description: '议案只由人民政府向同级人民代表大会或其常务委员会提出',
  },
] as const satisfies readonly { id: string; severity: FindingSeverity; source: string; description: string }[];

export type RuleId = (typeof RULES)[number]['id'];

/** One problem, with the rule it breaks and where in the draft it is (a path into the draft's fields). */
export const findingSchema = z.object({
  rule: z.string(),
  severity: findingSeveritySchema,
  /** Chinese, quoting the offending text and saying what is expected. */
  message: z.string(),
  source: z.string(),
  path: z.array(z.union([z.string(), z.number()])).optional(),
});
export type Finding = z.output<typeof findingSchema>;

/** A warning accepted by a person, with the reason; it is recorded with the draft. */
export const findingOverrideSchema = z.strictObject({
  rule: z.string().max(40),
  path: z
    .array(z.union([z.string(), z.number()]))
    .max(10)
    .optional(),
  reason: z.string().trim().min(2, '请说明理由').max(500),
});
export type FindingOverride = z.output<typeof findingOverrideSchema>;

export type OrganRelation = 'superior' | 'subordinate' | 'peer' | 'other' | 'self';

/** A superior organ and the offices (办公厅/室) that act for it: copying either reaches it. */
export interface SuperiorRef {
  unitId: string;
  name: string;
  officeIds: string[];
}

/** What the org tree says about one organ the draft names (by unitId). */
export interface OrganFacts {
  unitId: string;
  /** The name in the org tree: a unit's full name, or a 内设机构's own name (e.g. 督查室). */
  name: string;
  /** For a 内设机构, its unit's category. */
  category: (typeof UNIT_CATEGORIES)[number];
  level: (typeof UNIT_LEVELS)[number];
  /** A 内设机构 (department) rather than a unit. */
  isDepartment: boolean;
  /** For a 内设机构, the unit it belongs to. */
  unitOf: { unitId: string; name: string } | null;
  /** 机关代字 of the unit (e.g. 江委办). */
  issuerCode: string | null;
  /** Where it stands relative to the lead issuer (an office counts as the 党委/政府 it serves). */
  relation: OrganRelation;
  /** For a superior more than one level up: the organs in between, nearest first (R-GEN-2). */
  skipped: SuperiorRef[];
}

/** The organisational facts the routing rules need, resolved by the server from the org tree. */
export interface CheckContext {
  /** Keyed by the unitId used in the draft (a unit's or a 内设机构's id). */
  organs: Record<string, OrganFacts>;
  /** The lead issuer's direct superior (R-DOWN-1); for an office, the superior of the 党委/政府 it serves. */
  leadSuperior: SuperiorRef | null;
  /** The units of the deployment by full and short name, to tell a typed name that misses one by a slip. */
  unitNames?: { name: string; shortName: string }[];
}
