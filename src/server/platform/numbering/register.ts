import type { RequestContext } from '../context';
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, gte, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Queryable, Tx } from '../db/client';
import { recordEvent } from '../audit/service';
import { rowsOf } from '../db/client';
import { hasRoleOver, unitsWithRole, type Actor } from '../access/actor';
import { authorizeSystem } from '../access/policy';
import { titleFor } from '../access/classification';
import type { Classification } from '../../../contract/common';
import { conflict, invalid, notFound } from '../errors';
import { chinaToday } from '../workbench/service';
import { item } from '../items/schema';
import { person, unit } from '../../org/schema';
import type { createDocRegisterBodySchema } from '../../../contract/doc-register';
import { docNumber, docRegister } from './schema';
import { nextNumber } from './service';

type Register = typeof docRegister.$inferSelect;

/**
 * 机关代字〔2026〕12号 (GB/T 9704 §7.2.5: full year, no 第, no leading zeros); 第12号 for orders; 第12期 for a series
 * numbered by issue within the year (a kind of meeting's 纪要, DOMAIN §11.5).
 */
export function formatDocNo(reg: Pick<Register, 'code' | 'kind'>, year: number, seq: number): string {
  if (reg.kind === 'order') return `第${seq}号`;
  if (reg.kind === 'issue') return `第${seq}期`;
  return `${reg.code}〔${year}〕${seq}号`;
}

/** The numbering year: the calendar year in China; orders number on without a yearly reset. */
const yearOf = (reg: Register, now: Date) => (reg.kind === 'order' ? 0 : Number(chinaToday(now).slice(0, 4)));
const scopeOf = (reg: Register) => `docno:${reg.id}`;

async function loadRegister(db: Queryable, actor: Actor, registerId: string): Promise<Register> {
  const [reg] = await db.select().from(docRegister).where(eq(docRegister.id, registerId));
  // The register of another unit is not shown to be there.
  if (!reg || !hasRoleOver(actor, 'registrar', reg.unitId)) throw notFound('文号登记簿');
  return reg;
}

export async function createRegister(tx: Tx, ctx: RequestContext, input: z.output<typeof createDocRegisterBodySchema>) {
  authorizeSystem(ctx.actor, 'org.manage');
  const [u] = await tx.select({ id: unit.id }).from(unit).where(eq(unit.id, input.unitId));
  if (!u) throw invalid('单位不存在');
  const [dup] = await tx
    .select({ id: docRegister.id })
    .from(docRegister)
    .where(and(eq(docRegister.unitId, input.unitId), eq(docRegister.code, input.code)));
  if (dup) throw conflict(`本单位已有机关代字为“${input.code}”的文号登记簿`);
  const id = randomUUID();
  await tx.insert(docRegister).values({ id, ...input, createdAt: ctx.now });
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'docRegister.create',
    targetType: 'docRegister',
    targetId: id,
    summary: { after: input },
  });
  return id;
}

/** The registers the actor keeps (as a registrar of their unit); the system administrator sees all, without numbers. */
export async function listRegisters(db: Queryable, actor: Actor, now: Date) {
  const units = unitsWithRole(actor, 'registrar');
  const all = actor.adminRole === 'sysAdmin';
  if (!all && units.length === 0) return [];
  const rows = await db
    .select({ r: docRegister, unitName: unit.name })
    .from(docRegister)
    .innerJoin(unit, eq(unit.id, docRegister.unitId))
    .where(and(isNull(docRegister.disabledAt), all ? undefined : inArray(docRegister.unitId, units)))
    .orderBy(asc(unit.name), asc(docRegister.name));
  // How many numbers each register gave this year, so a page can open on one in use rather than an empty one.
  const year = chinaToday(now).slice(0, 4);
  const used = rows.length
    ? await db
        .select({ registerId: docNumber.registerId, n: count() })
        .from(docNumber)
        .where(
          and(
            inArray(
              docNumber.registerId,
              rows.map(({ r }) => r.id),
            ),
            gte(docNumber.takenAt, new Date(`${year}-01-01T00:00:00+08:00`)),
          ),
        )
        .groupBy(docNumber.registerId)
    : [];
  const usedBy = new Map(used.map((u) => [u.registerId, Number(u.n)]));
  return rows.map(({ r, unitName }) => ({
    id: r.id,
    unitId: r.unitId,
    unitName,
    name: r.name,
    code: r.code,
    kind: r.kind,
    example: formatDocNo(r, yearOf(r, now) || 2026, 1),
    takenThisYear: usedBy.get(r.id) ?? 0,
  }));
}

async function issue(
  tx: Tx,
  ctx: RequestContext,
  reg: Register,
  state: 'reserved' | 'used',
  itemId: string | null,
  note: string | null,
) {
  const year = yearOf(reg, ctx.now);
  const seq = await nextNumber(tx, scopeOf(reg), year, ctx.now);
  const row = {
    id: randomUUID(),
    registerId: reg.id,
    year,
    seq,
    docNo: formatDocNo(reg, year, seq),
    state,
    itemId,
    note,
    takenBy: ctx.actor.personId,
    takenAt: ctx.now,
    usedAt: state === 'used' ? ctx.now : null,
  };
  await tx.insert(docNumber).values(row);
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: state === 'used' ? 'docNumber.take' : 'docNumber.reserve',
    targetType: 'docNumber',
    targetId: row.id,
    summary: { register: reg.code, docNo: row.docNo, itemId, note },
  });
  return row;
}

/** Holds the next number for a document in progress (or, without one, for a document to come). */
export async function reserveNumber(
  tx: Tx,
  ctx: RequestContext,
  registerId: string,
  input: { itemId: string | null; note: string | null },
) {
  const reg = await loadRegister(tx, ctx.actor, registerId);
  if (reg.disabledAt) throw invalid('该文号登记簿已停用');
  if (input.itemId) {
    const [it] = await tx.select({ unitId: item.owningUnitId }).from(item).where(eq(item.id, input.itemId));
    if (!it || it.unitId !== reg.unitId) throw invalid('只能为本单位的文件预留文号');
    const [held] = await tx
      .select()
      .from(docNumber)
      .where(and(eq(docNumber.registerId, reg.id), eq(docNumber.itemId, input.itemId), ne(docNumber.state, 'cancelled')));
    if (held) throw conflict(`该文件已占用文号 ${held.docNo}`, { numberId: held.id, docNo: held.docNo });
  }
  return issue(tx, ctx, reg, 'reserved', input.itemId, input.note);
}

/**
 * What `takeNumber` would give the document now, without taking it: the number it already holds in the register,
 * or the one after the last given this year. Only a preview — another registrar may take that number first.
 */
export async function previewNumber(db: Queryable, actor: Actor, registerId: string, itemId: string, now: Date) {
  const reg = await loadRegister(db, actor, registerId);
  if (reg.disabledAt) throw invalid('该文号登记簿已停用');
  const [held] = await db
    .select()
    .from(docNumber)
    .where(and(eq(docNumber.registerId, reg.id), eq(docNumber.itemId, itemId), ne(docNumber.state, 'cancelled')));
  const register = { id: reg.id, name: reg.name, code: reg.code };
  if (held) return { register, year: held.year, seq: held.seq, docNo: held.docNo, held: held.state as 'reserved' | 'used' };
  const year = yearOf(reg, now);
  const res = await db.execute(sql`select last from number_sequence where scope = ${scopeOf(reg)} and year = ${year}`);
  const seq = Number(rowsOf<{ last: number }>(res)[0]?.last ?? 0) + 1;
  return { register, year, seq, docNo: formatDocNo(reg, year, seq), held: null };
}

/**
 * The number of a document at 编号, inside the caller's transaction: the number it already holds in this
 * register (reserved earlier, or given before it came back to this step), or the next one.
 */
export async function takeNumber(tx: Tx, ctx: RequestContext, registerId: string, itemId: string) {
  const reg = await loadRegister(tx, ctx.actor, registerId);
  if (reg.disabledAt) throw invalid('该文号登记簿已停用');
  const [held] = await tx
    .select()
    .from(docNumber)
    .where(and(eq(docNumber.registerId, reg.id), eq(docNumber.itemId, itemId), ne(docNumber.state, 'cancelled')))
    .for('update');
  if (held) {
    if (held.state === 'reserved') {
      await tx.update(docNumber).set({ state: 'used', usedAt: ctx.now }).where(eq(docNumber.id, held.id));
      await recordEvent(tx, ctx.audit, ctx.now, {
        action: 'docNumber.take',
        targetType: 'docNumber',
        targetId: held.id,
        summary: { register: reg.code, docNo: held.docNo, itemId, reserved: true },
      });
    }
    return { ...held, state: 'used' as const, kept: true };
  }
  return { ...(await issue(tx, ctx, reg, 'used', itemId, null)), kept: false };
}

/** Cancels (作废) a reserved number with the reason; the number is never given again, and the gap is on record. */
export async function cancelNumber(tx: Tx, ctx: RequestContext, numberId: string, reason: string) {
  const [n] = await tx.select().from(docNumber).where(eq(docNumber.id, numberId)).for('update');
  if (!n) throw notFound('文号');
  await loadRegister(tx, ctx.actor, n.registerId);
  if (n.state === 'cancelled') throw conflict(`文号 ${n.docNo} 已作废`);
  // A number a document carries is its identity from 编号 on (印制, 核发, the receivers' registers): never a gap.
  if (n.state === 'used') throw conflict(`文号 ${n.docNo} 已用于文件，不能作废；如文件须重新编号，请将其退回编号环节`);
  await tx
    .update(docNumber)
    .set({ state: 'cancelled', cancelledBy: ctx.actor.personId, cancelledAt: ctx.now, cancelReason: reason })
    .where(eq(docNumber.id, n.id));
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'docNumber.cancel',
    targetType: 'docNumber',
    targetId: n.id,
    summary: { docNo: n.docNo, itemId: n.itemId, wasState: n.state, reason },
  });
  return { docNo: n.docNo, itemId: n.itemId };
}

/** The register for a year: every number given, what became of it, and any number missing (none, unless tampered with). */
export async function registerNumbers(db: Queryable, actor: Actor, registerId: string, year: number | undefined, now: Date) {
  const reg = await loadRegister(db, actor, registerId);
  const y = reg.kind === 'order' ? 0 : (year ?? yearOf(reg, now));
  const [unitRow] = await db.select({ name: unit.name }).from(unit).where(eq(unit.id, reg.unitId));
  const rows = await db
    .select({ n: docNumber, title: item.title, classification: item.classification, takenByName: person.name })
    .from(docNumber)
    .leftJoin(item, eq(item.id, docNumber.itemId))
    .innerJoin(person, eq(person.id, docNumber.takenBy))
    .where(and(eq(docNumber.registerId, reg.id), eq(docNumber.year, y)))
    .orderBy(asc(docNumber.seq));
  const seqRes = await db.execute(sql`select last from number_sequence where scope = ${scopeOf(reg)} and year = ${y}`);
  const last = Number(rowsOf<{ last: number }>(seqRes)[0]?.last ?? 0);
  const have = new Set(rows.map((r) => r.n.seq));
  const missing: number[] = [];
  for (let s = 1; s <= last; s++) if (!have.has(s)) missing.push(s);
  return {
    register: {
      id: reg.id,
      unitId: reg.unitId,
      unitName: unitRow?.name ?? '',
      name: reg.name,
      code: reg.code,
      kind: reg.kind,
      example: formatDocNo(reg, y || 2026, 1),
    },
    year: y,
    last,
    numbers: rows.map(({ n, title, classification, takenByName }) => ({
      id: n.id,
      seq: n.seq,
      docNo: n.docNo,
      state: n.state,
      itemId: n.itemId,
      // The register shows every number; the title of a document above the reader's clearance stays hidden.
      title: title === null ? null : titleFor(actor, classification as Classification, title),
      note: n.note,
      takenAt: n.takenAt.toISOString(),
      takenByName,
      cancelledAt: n.cancelledAt?.toISOString() ?? null,
      cancelReason: n.cancelReason,
    })),
    missing,
  };
}
