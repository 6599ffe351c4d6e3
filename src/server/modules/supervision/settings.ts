import { eq } from 'drizzle-orm';
import type { Queryable, Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { hasRoleOver } from '../../platform/access/actor';
import { recordEvent } from '../../platform/audit/service';
import { forbidden } from '../../platform/errors';
import { person, unit } from '../../org/schema';
import { DEFAULT_LIGHT_CONFIG, type LightConfig } from './policy';
import { supervisionSetting } from './schema';

// 督查室设置 (issue 16 §5: the lights' thresholds "as configuration"): each office sets how many working days before
// its deadline an item turns yellow; every item's light follows the settings of the office that opened it.

/** The light settings of every office, read once per request (one row per office that set its own). */
export async function lightSettings(db: Queryable) {
  const rows = await db
    .select({ officeUnitId: supervisionSetting.officeUnitId, yellowWithinWorkdays: supervisionSetting.yellowWithinWorkdays })
    .from(supervisionSetting);
  const own = new Map(rows.map((r) => [r.officeUnitId, { yellowWithinWorkdays: r.yellowWithinWorkdays }]));
  return {
    /** The settings an item of this office is lit by. */
    of: (officeUnitId: string): LightConfig => own.get(officeUnitId) ?? DEFAULT_LIGHT_CONFIG,
    /** The offices whose window differs from the default, by window: what the register's SQL must tell apart. */
    exceptions(): Map<number, string[]> {
      const out = new Map<number, string[]>();
      for (const [id, c] of own)
        if (c.yellowWithinWorkdays !== DEFAULT_LIGHT_CONFIG.yellowWithinWorkdays)
          out.set(c.yellowWithinWorkdays, [...(out.get(c.yellowWithinWorkdays) ?? []), id]);
      return out;
    },
  };
}
export type LightSettings = Awaited<ReturnType<typeof lightSettings>>;

/** The settings of the reader's own office (the unit of the post they act in). */
export async function officeSettings(db: Queryable, ctx: RequestContext) {
  const officeId = ctx.actor.unitId;
  if (!officeId) throw forbidden('当前岗位不属于任何单位');
  const [office] = await db.select({ id: unit.id, name: unit.name }).from(unit).where(eq(unit.id, officeId));
  const [row] = await db
    .select({ s: supervisionSetting, by: person.name })
    .from(supervisionSetting)
    .leftJoin(person, eq(person.id, supervisionSetting.updatedByPersonId))
    .where(eq(supervisionSetting.officeUnitId, officeId));
  return {
    office: { id: officeId, name: office?.name ?? '' },
    yellowWithinWorkdays: row?.s.yellowWithinWorkdays ?? DEFAULT_LIGHT_CONFIG.yellowWithinWorkdays,
    isDefault: !row,
    updatedAt: row?.s.updatedAt.toISOString() ?? null,
    updatedBy: row?.by ?? null,
    editable: hasRoleOver(ctx.actor, 'supervisor', officeId),
  };
}

/** A supervisor of the office changes its settings; the change, before and after, is on record. */
export async function updateOfficeSettings(tx: Tx, ctx: RequestContext, input: { yellowWithinWorkdays: number }) {
  const officeId = ctx.actor.unitId;
  if (!officeId || !hasRoleOver(ctx.actor, 'supervisor', officeId)) throw forbidden('只有本单位督查人员可以修改督查室设置');
  const [before] = await tx.select().from(supervisionSetting).where(eq(supervisionSetting.officeUnitId, officeId)).for('update');
  const row = {
    officeUnitId: officeId,
    yellowWithinWorkdays: input.yellowWithinWorkdays,
    updatedByPersonId: ctx.actor.personId,
    updatedAt: ctx.now,
  };
  await tx.insert(supervisionSetting).values(row).onConflictDoUpdate({ target: supervisionSetting.officeUnitId, set: row });
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'supervision.settings',
    targetType: 'unit',
    targetId: officeId,
    summary: {
      before: { yellowWithinWorkdays: before?.yellowWithinWorkdays ?? DEFAULT_LIGHT_CONFIG.yellowWithinWorkdays },
      after: { yellowWithinWorkdays: input.yellowWithinWorkdays },
    },
  });
  return officeSettings(tx, ctx);
}
