import { randomUUID } from 'node:crypto';
import { count, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../platform/db/client';
import { recordEvent, type AuditContext } from '../platform/audit/service';
import { hashPassword } from '../platform/auth/password';
import { account } from '../platform/auth/schema';
import { department, leaderInCharge, person, post, roleGrant, unit } from './schema';
import { assignAdminRole } from './security';
import { seedDemoWork } from './demo-work';
import { docRegister } from '../platform/numbering/schema';
import { DEMO_PASSWORD, demoPeople, demoUnits } from './demo-data';

const DEMO_SEED_LOCK = 7_270_004;

export interface SeedResult {
  seeded: boolean;
  units: number;
  people: number;
}

/**
 * Loads the demo organisation into an empty database, in one transaction. Demo accounts do not have to
 * change their password (the demo flag); accounts reset later do.
 */
export async function seedDemo(db: Db, now: Date): Promise<SeedResult> {
  const notSeeded: SeedResult = { seeded: false, units: 0, people: 0 };
  if (await hasUnits(db)) return notSeeded;
  // One hash for every demo account: they share the published demo password anyway.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const audit: AuditContext = { personId: null, postId: null, requestId: 'seed-demo' };

  return db.transaction(async (tx) => {
    // Another process may be seeding right now (two `seed-demo`s, or one beside a starting server): wait for
    // it, then look again — the check above only spares a restart the password hash.
    await tx.execute(sql`select pg_advisory_xact_lock(${DEMO_SEED_LOCK})`);
    if (await hasUnits(tx)) return notSeeded;
    const unitIds = new Map<string, string>();
    const deptIds = new Map<string, string>();
    for (const u of demoUnits) unitIds.set(u.key, randomUUID());
    for (const [i, u] of demoUnits.entries()) {
      await tx.insert(unit).values({
        id: unitIds.get(u.key)!,
        parentId: u.parentKey ? unitIds.get(u.parentKey)! : null,
        name: u.name,
        shortName: u.shortName,
        issuerCode: u.issuerCode,
        level: u.level,
        category: u.category,
        sortOrder: i,
        createdAt: now,
      });
      // Each unit numbers its own 发文 and 函 (机关代字 = the unit's code + 发 / 函).
      for (const [family, suffix] of [
        ['发文', '发'],
        ['函', '函'],
      ] as const) {
        await tx.insert(docRegister).values({
          id: randomUUID(),
          unitId: unitIds.get(u.key)!,
          name: family,
          code: `${u.issuerCode}${suffix}`,
          kind: 'yearly',
          createdAt: now,
        });
      }
      // An office numbers the 纪要 of its principal meeting by issue (第N期), in a series of its own.
      const series = { 党委办公室: '常委会议纪要', 政府办公室: '常务会议纪要' }[u.category as string];
      if (series)
        await tx.insert(docRegister).values({
          id: randomUUID(),
          unitId: unitIds.get(u.key)!,
          name: series,
          code: series,
          kind: 'issue',
          createdAt: now,
        });
      for (const [j, d] of u.departments.entries()) {
        const id = randomUUID();
        deptIds.set(d.key, id);
        await tx
          .insert(department)
          .values({ id, unitId: unitIds.get(u.key)!, name: d.name, shortName: d.shortName, sortOrder: j, createdAt: now });
      }
    }
    for (const [i, p] of demoPeople.entries()) {
      const personId = randomUUID();
      await tx.insert(person).values({ id: personId, name: p.name, gender: p.gender, clearance: p.clearance, createdAt: now });
      await tx
        .insert(account)
        .values({ personId, username: p.username, passwordHash, mustChangePassword: false, createdAt: now });
      for (const [j, ps] of p.posts.entries()) {
        const postId = randomUUID();
        await tx.insert(post).values({
          id: postId,
          personId,
          unitId: unitIds.get(ps.unitKey)!,
          departmentId: ps.departmentKey ? deptIds.get(ps.departmentKey)! : null,
          title: ps.title,
          isLeader: ps.isLeader,
          isPrimary: ps.isPrimary,
          isPrincipal: ps.isPrincipal ?? false,
          sortOrder: i * 10 + j,
          createdAt: now,
        });
        for (const d of ps.inChargeOf ?? []) {
          await tx.insert(leaderInCharge).values({ postId, departmentId: deptIds.get(d)!, createdAt: now });
        }
      }
      for (const r of p.roles ?? []) {
        if (r.role === 'sysAdmin' || r.role === 'securityAdmin' || r.role === 'securityAuditor') {
          await assignAdminRole(tx, personId, r.role, audit, now);
        } else {
          await tx.insert(roleGrant).values({
            id: randomUUID(),
            personId,
            role: r.role,
            unitId: r.unitKey ? unitIds.get(r.unitKey)! : null,
            includeSubordinates: r.includeSubordinates ?? false,
            createdAt: now,
          });
        }
      }
    }
    await seedDemoWork(tx, audit, now);
    await recordEvent(tx, audit, now, {
      action: 'org.demo.seed',
      targetType: 'organisation',
      summary: { units: demoUnits.length, people: demoPeople.length },
    });
    return { seeded: true, units: demoUnits.length, people: demoPeople.length };
  });
}

async function hasUnits(db: Queryable): Promise<boolean> {
  const [existing] = await db.select({ n: count() }).from(unit);
  return (existing?.n ?? 0) > 0;
}
