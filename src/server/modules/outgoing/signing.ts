import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client';
import { invalid } from '../../platform/errors';
import { person, post, unit } from '../../org/schema';
import { GENRES } from '../../../contract/official-document';
import type { Draft } from '../../../contract/outgoing-draft';

/**
 * 条例 Art.22: "重要公文和上行文由机关主要负责人签发". Upward is the direction the drafter gave, or a 文种 that only
 * goes up (请示, 报告); important is the drafter's flag (R-DOWN-1 uses it too).
 */
export function needsPrincipal(draft: Pick<Draft, 'direction' | 'genre' | 'flags'>): boolean {
  return draft.direction === 'up' || draft.flags.important || GENRES.find((g) => g.genre === draft.genre)?.direction === 'up';
}

export interface Principal {
  personId: string;
  name: string;
  postId: string;
  title: string;
  unitId: string;
  unitName: string;
}

/** The principal leaders of the issuing units of this deployment, in issuer order. */
export async function principalsOf(db: Queryable, draft: Pick<Draft, 'issuers'>): Promise<Principal[]> {
  const unitIds = draft.issuers.map((i) => i.unitId).filter((x): x is string => !!x);
  if (!unitIds.length) return [];
  const rows = await db
    .select({
      personId: post.personId,
      name: person.name,
      postId: post.id,
      title: post.title,
      unitId: post.unitId,
      unitName: unit.name,
    })
    .from(post)
    .innerJoin(person, eq(person.id, post.personId))
    .innerJoin(unit, eq(unit.id, post.unitId))
    .where(and(inArray(post.unitId, unitIds), eq(post.isPrincipal, true), isNull(post.endedAt), isNull(person.disabledAt)));
  return unitIds.flatMap((u) => rows.filter((r) => r.unitId === u));
}

/**
 * At 签发 of an important or upward document: the signer must sign in the post of an issuing unit's principal
 * leader (a joint document: each co-issuer's). A delegate signs in the principal's post, so that counts.
 */
export async function assertPrincipalSigns(db: Queryable, draft: Draft, signerPostId: string | null): Promise<void> {
  if (!needsPrincipal(draft)) return;
  const issuerUnits = draft.issuers.map((i) => i.unitId).filter((x): x is string => !!x);
  const [p] = signerPostId
    ? await db.select({ unitId: post.unitId, isPrincipal: post.isPrincipal }).from(post).where(eq(post.id, signerPostId))
    : [];
  if (p?.isPrincipal && (!issuerUnits.length || issuerUnits.includes(p.unitId))) return;
  // Name the unit whose principal should sign: the signer's own, if it is an issuer, else the lead issuer.
  const unitId = p && issuerUnits.includes(p.unitId) ? p.unitId : issuerUnits[0];
  const issuer = draft.issuers.find((i) => i.unitId === unitId) ?? draft.issuers[0]!;
  const principal = (await principalsOf(db, { issuers: [issuer] }))[0];
  const who = principal
    ? `${issuer.name}的主要负责人是${principal.name}（${principal.title}）`
    : `${issuer.name}尚未设定主要负责人，请系统管理员在组织机构中设定`;
  const kind = draft.flags.important && !(draft.direction === 'up') ? '重要公文' : '上行文';
  throw invalid(
    `本件是${kind}，须由发文机关主要负责人签发（《党政机关公文处理工作条例》第二十二条）。${who}；请退回审核环节，改送主要负责人签发。`,
    {
      rule: 'Art.22',
      principalPersonId: principal?.personId ?? null,
    },
  );
}

/**
 * The 签发人 the draft's source named (a 纪要's by its kind of meeting's rule), with the leadership post they would sign
 * in now; null when none was named or they no longer hold one (the registrar chooses at 审核 as for any document).
 */
export async function namedSigner(
  db: Queryable,
  doc: { namedSignerPersonId: string | null; namedSignerReason: string | null },
): Promise<{ personId: string; name: string; title: string; reason: string } | null> {
  if (!doc.namedSignerPersonId) return null;
  const [p] = await db
    .select({ name: person.name, title: post.title })
    .from(post)
    .innerJoin(person, eq(person.id, post.personId))
    .where(
      and(eq(post.personId, doc.namedSignerPersonId), eq(post.isLeader, true), isNull(post.endedAt), isNull(person.disabledAt)),
    )
    .orderBy(desc(post.isPrincipal), asc(post.sortOrder))
    .limit(1);
  return p ? { personId: doc.namedSignerPersonId, name: p.name, title: p.title, reason: doc.namedSignerReason ?? '' } : null;
}
