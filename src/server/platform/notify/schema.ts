import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * An in-app message to one person: a new task, a reminder (催办), a leader's instruction on their item, or
 * for the security auditor a security alarm (the audit chain failed its scheduled check).
 */
export const notification = pgTable(
  'notification',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id').notNull(),
    kind: text('kind').$type<'task' | 'reminder' | 'instruction' | 'security'>().notNull(),
    itemId: uuid('item_id'),
    taskId: uuid('task_id'),
    /** Short text in Chinese, composed when sent (the item title is re-read when shown). */
    message: text('message').notNull(),
    fromPersonId: uuid('from_person_id'),
    createdAt: ts('created_at').notNull(),
    readAt: ts('read_at'),
  },
  (t) => [index('notification_person_idx').on(t.personId, t.createdAt)],
);
