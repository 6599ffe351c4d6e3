import { UNIT_LEVELS } from '../../../../contract/org';
import type { CheckContext, OrganFacts, SuperiorRef } from '../../../../contract/outgoing-checks';
import type { Draft, OrganRef } from '../../../../contract/outgoing-draft';
import { DIRECTION_NAMES, bodyText, finding, q, type Check } from './finding';
import { requestPhrases } from './text';

// 行文规则, 条例 Art.14–17 (DOMAIN.md §1.4), on the facts the server resolved from the org tree.
// Organs without a unitId (a class such as 各县（市、区）委, an outside organ) carry no facts; only the
// checks that read names look at them.

const rank = (level: string) => UNIT_LEVELS.indexOf(level as (typeof UNIT_LEVELS)[number]);
/** A lower administrative level (省 > 市 > 县 > 乡). */
const isLowerLevel = (o: OrganFacts, than: OrganFacts) => rank(o.level) > rank(than.level);
const factsOf = (ctx: CheckContext, ref: OrganRef) => (ref.unitId ? ctx.organs[ref.unitId] : undefined);
const leadOf = (draft: Draft, ctx: CheckContext) => factsOf(ctx, draft.issuers[0]!);
const addressed = (draft: Draft) => [...draft.mainRecipients, ...draft.ccRecipients];
/** The organ, or an office acting for it, is among the recipients. */
const reaches = (draft: Draft, s: SuperiorRef) =>
  addressed(draft).some((r) => r.unitId && (r.unitId === s.unitId || s.officeIds.includes(r.unitId)));

/** The 指挥性 genres (DOMAIN.md §1.2 data notes); an 意见 only when it goes down. */
const isDirective = (draft: Draft) =>
  ['决定', '通知', '通报', '批复'].includes(draft.genre) || (draft.genre === '意见' && draft.direction === 'down');
/** A class of lower 党委 or 政府 written as a name, e.g. 各县（市、区）人民政府, 各县（市、区）委. */
const LOWER_PARTY_OR_GOV_CLASS = /^各.*(?:人民政府|政府|党委|[县市区旗]委|）委)$/u;
/** 经市人民政府同意, 经市委、市政府同意: the consent R-DOWN-2 asks the text to state. */
const CONSENT = /经[^。，；\n]{0,20}(?:人民政府|政府|党委|[省市县区]委)[^。，；\n]{0,6}同意/u;
/** What a forwarding 请示 says when it adds its own opinion (R-UP-3). */
const OPINION = /经(?:研究|审核|审查|认真审核)|我们认为|我[^，。]{0,3}认为|建议|拟同意|倾向/u;
const OFFICE_NAME = /办公[厅室]$/u;

const gen2: Check = (draft, ctx) =>
  draft.mainRecipients.flatMap((r, i) =>
    (factsOf(ctx, r)?.relation === 'superior' ? factsOf(ctx, r)!.skipped : [])
      .filter((s) => !reaches(draft, s))
      .map((s) =>
        finding('R-GEN-2', `主送${q(r.name)}越过了${q(s.name)}：不得越级行文，确需越级的应抄送${q(s.name)}`, [
          'mainRecipients',
          i,
        ]),
      ),
  );

const up1: Check = (draft) =>
  draft.direction === 'up' && draft.genre !== '请示' && draft.mainRecipients.length > 1
    ? [
        finding(
          'R-UP-1',
          `上行文原则上只主送一个上级机关，本件主送 ${draft.mainRecipients.length} 个：${draft.mainRecipients.map((r) => q(r.name)).join('')}；其他机关可用抄送`,
          ['mainRecipients', 1],
        ),
      ]
    : [];

const up1cc: Check = (draft, ctx) => {
  const lead = leadOf(draft, ctx);
  if (draft.direction !== 'up' || !lead) return [];
  return draft.ccRecipients.flatMap((r, i) => {
    const f = factsOf(ctx, r);
    return f && (f.relation === 'subordinate' || isLowerLevel(f, lead))
      ? [
          finding(
            'R-UP-1-CC',
            `上行文不得抄送下级机关：抄送${q(r.name)}是${f.relation === 'subordinate' ? `${q(lead.name)}的下级机关` : `${f.level}级机关，低于${q(lead.name)}`}，应删去`,
            ['ccRecipients', i],
          ),
        ]
      : [];
  });
};

const up3: Check = (draft) =>
  draft.genre === '请示' && /转报/u.test(draft.title) && !OPINION.test(bodyText(draft))
    ? [
        finding(
          'R-UP-3',
          `标题${q(draft.title, 60)}是转报下级机关的请示，正文未见本机关的倾向性意见（如“经审核，我们认为…，建议…”）；不得原文转报`,
          ['body'],
        ),
      ]
    : [];

const up4: Check = (draft) => {
  if (draft.genre === '请示' || (draft.direction !== 'up' && draft.genre !== '报告')) return [];
  return draft.body.flatMap((p, i) => {
    const found = requestPhrases(p.text);
    return found.length
      ? [
          finding('R-UP-4', `${draft.genre}不得夹带请示事项：正文${q(found[0]!)}是请示用语；需要上级批准的事项应另行请示`, [
            'body',
            i,
          ]),
        ]
      : [];
  });
};

const up4one: Check = (draft) => {
  if (draft.genre !== '请示') return [];
  const found = draft.body.flatMap((p, i) => requestPhrases(p.text).map((text) => ({ text, i })));
  return found.length > 1
    ? [
        finding(
          'R-UP-4-ONE',
          `请示应当一文一事，本件有 ${found.length} 处请示用语：${found.map((f) => q(f.text)).join('')}；不同事项应分别请示`,
          ['body', found[1]!.i],
        ),
      ]
    : [];
};

const up5: Check = (draft) => [
  ...draft.mainRecipients.flatMap((r, i) =>
    r.kind === 'person' && !draft.flags.directAssignment
      ? [
          finding('R-UP-5', `主送${q(r.name)}是个人：公文主送机关，不以本机关名义主送领导者个人（上级领导直接交办的事项除外）`, [
            'mainRecipients',
            i,
          ]),
        ]
      : [],
  ),
  ...(draft.direction === 'up'
    ? draft.issuers.flatMap((r, i) =>
        r.kind === 'person'
          ? [finding('R-UP-5', `发文机关${q(r.name)}是个人：不得以本机关负责人名义向上级机关行文`, ['issuers', i])]
          : [],
      )
    : []),
];

const down1: Check = (draft, ctx) =>
  draft.direction === 'down' && draft.flags.important && ctx.leadSuperior && !reaches(draft, ctx.leadSuperior)
    ? [
        finding(
          'R-DOWN-1',
          `本件标为重要的下行文，应同时抄送发文机关的直接上级机关${q(ctx.leadSuperior.name)}（或其办公厅、室）`,
          ['ccRecipients'],
        ),
      ]
    : [];

const down2: Check = (draft, ctx) => {
  const lead = leadOf(draft, ctx);
  // A 部门 or any of its 内设机构 (its 办公室 included: it writes for the 部门).
  if (!lead || lead.category !== '部门' || !isDirective(draft) || CONSENT.test(bodyText(draft))) return [];
  return draft.mainRecipients.flatMap((r, i) => {
    const f = factsOf(ctx, r);
    const lowerPartyOrGov = f
      ? (f.category === '党委' || f.category === '政府') && isLowerLevel(f, lead)
      : r.kind === 'class' && LOWER_PARTY_OR_GOV_CLASS.test(r.name);
    return lowerPartyOrGov
      ? [
          finding(
            'R-DOWN-2',
            `${q(lead.isDepartment ? `${lead.unitOf!.name}${lead.name}` : lead.name)}是部门，不得向下级党委、政府发指令性公文（主送${q(r.name)}）；确需行文的，须经本级党委、政府同意，并在文中注明“经…同意”`,
            ['mainRecipients', i],
          ),
        ]
      : [];
  });
};

/** A recipient inside the issuing 内设机构's own unit: the unit itself or another of its 内设机构. */
const isInside = (f: OrganFacts | undefined, unitId: string) => !!f && (f.isDepartment ? f.unitOf?.unitId : f.unitId) === unitId;

const joint3: Check = (draft, ctx) =>
  draft.issuers.flatMap((r, i) => {
    const f = factsOf(ctx, r);
    if (!f?.isDepartment || !f.unitOf || OFFICE_NAME.test(f.name)) return [];
    const outside = addressed(draft).filter((x) => !isInside(factsOf(ctx, x), f.unitOf!.unitId));
    return outside.length
      ? [
          finding(
            'R-JOINT-3',
            `${q(f.name)}是${q(f.unitOf.name)}的内设机构，除办公厅（室）外不得对外正式行文；${q(outside[0]!.name)}是本单位以外的机关`,
            ['issuers', i],
          ),
        ]
      : [];
  });

const RELATION_NAMES = {
  superior: '上级机关',
  subordinate: '下级机关',
  peer: '平级机关',
  other: '不相隶属的机关',
  self: '本机关',
} as const;

/**
 * Whether the 主送 fits the declared direction; an 'other' organ fits by its level. Within one's own unit only
 * the issuer itself is a misfit (a 内设机构 may write to its unit; R-JOINT-3 covers the rest).
 */
function misfits(draft: Draft, r: OrganRef, f: OrganFacts, lead: OrganFacts): boolean {
  if (f.relation === 'self') return r.unitId === draft.issuers[0]!.unitId;
  const higher = rank(f.level) < rank(lead.level);
  if (draft.direction === 'up')
    return f.relation === 'subordinate' || f.relation === 'peer' || (f.relation === 'other' && !higher);
  if (draft.direction === 'down') return f.relation === 'superior' || (f.relation === 'other' && higher);
  return f.relation === 'superior';
}

const directionRecipient: Check = (draft, ctx) => {
  const lead = leadOf(draft, ctx);
  if (!lead) return [];
  return draft.mainRecipients.flatMap((r, i) => {
    const f = factsOf(ctx, r);
    return f && misfits(draft, r, f, lead)
      ? [
          finding(
            'F-DIRECTION-RECIPIENT',
            `本件为${DIRECTION_NAMES[draft.direction]}，但主送${q(r.name)}是${RELATION_NAMES[f.relation]}；请核对行文方向、文种和主送机关`,
            ['mainRecipients', i],
          ),
        ]
      : [];
  });
};

export const routingChecks: Check[] = [gen2, up1, up1cc, up3, up4, up4one, up5, down1, down2, joint3, directionRecipient];
