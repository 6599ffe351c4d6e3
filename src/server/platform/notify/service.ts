import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client';
import { notification } from './schema';
import { item } from '../items/schema';
import { rank } from '../access/classification';
import type { Classification } from '../../../contract/common';

/** The one channel every instance listens on; payloads name whose badges changed, never any content. */
export const NOTIFY_CHANNEL = 'zs_notify';

type NotificationKind = (typeof notification.$inferSelect)['kind'];

export interface NewNotification {
  personId: string;
  kind: NotificationKind;
  message: string;
  itemId?: string | null;
  taskId?: string | null;
  fromPersonId?: string | null;
}

/**
 * Stores the notifications and signals every instance, inside the caller's transaction: NOTIFY is
 * delivered on commit and dropped on rollback, so a listener never hears of work that did not happen.
 */
export async function notifyPeople(tx: Tx, notes: NewNotification[], now: Date) {
  if (notes.length === 0) return;
  await tx.insert(notification).values(
    notes.map((n) => ({
      id: randomUUID(),
      personId: n.personId,
      kind: n.kind,
      message: n.message,
      itemId: n.itemId ?? null,
      taskId: n.taskId ?? null,
      fromPersonId: n.fromPersonId ?? null,
      createdAt: now,
    })),
  );
  await signalChanged(
    tx,
    notes.map((n) => n.personId),
  );
}

/** Tells the listening instances that these people's workbench changed (tasks closed, reassigned …). */
export async function signalChanged(tx: Queryable, personIds: string[]) {
  const people = [...new Set(personIds)];
  if (people.length === 0) return;
  // NOTIFY payloads are limited to 8000 bytes; a uuid list of 200 people stays well below.
  for (let i = 0; i < people.length; i += 200) {
    await tx.execute(sql`select pg_notify(${NOTIFY_CHANNEL}, ${JSON.stringify({ people: people.slice(i, i + 200) })})`);
  }
}

const MESSAGE_WITHHELD = '（该消息涉及密级高于您当前涉密等级的文件，内容不予显示）';

export async function listNotifications(db: Queryable, reader: { personId: string; clearance: Classification }, limit: number) {
  const personId = reader.personId;
  const rows = await db
    .select({ n: notification, classification: item.classification })
    .from(notification)
    .leftJoin(item, eq(item.id, notification.itemId))
    .where(eq(notification.personId, personId))
    .orderBy(desc(notification.createdAt), desc(notification.id))
    .limit(limit);
  const [unread] = await db
    .select({ n: count() })
    .from(notification)
    .where(and(eq(notification.personId, personId), isNull(notification.readAt)));
  return {
    unread: Number(unread?.n ?? 0),
    items: rows.map(({ n: r, classification }) => ({
      id: r.id,
      kind: r.kind,
      // A message names its document's title: not to someone whose clearance is now below the document's.
      message: classification && rank(reader.clearance) < rank(classification as Classification) ? MESSAGE_WITHHELD : r.message,
      itemId: r.itemId,
      taskId: r.taskId,
      createdAt: r.createdAt.toISOString(),
      readAt: r.readAt?.toISOString() ?? null,
    })),
  };
}

/** Marks one (or, without an id, all) of the person's notifications read; others' are never touched. */
export async function markRead(tx: Tx, personId: string, id: string | null, now: Date) {
  const where = and(eq(notification.personId, personId), isNull(notification.readAt), id ? eq(notification.id, id) : undefined);
  const changed = await tx.update(notification).set({ readAt: now }).where(where).returning({ id: notification.id });
  if (changed.length) await signalChanged(tx, [personId]);
  return changed.length;
}
