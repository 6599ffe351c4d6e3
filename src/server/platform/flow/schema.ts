import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { item } from '../items/schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A piece of work on an item for one person in one capacity (post): 办理 (待办) or 阅知 (待阅).
 * Kinds follow the glossary: `do` (待办) and `read` (待阅). The flow kernel creates and closes these; the workbench, reminders and metrics read them.
 */
export const task = pgTable(
  'task',
  {
    id: uuid('id').primaryKey(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => item.id),
    kind: text('kind').$type<'do' | 'read'>().notNull(),
    /** The step of the flow, e.g. 拟办, 批办, 承办; shown on the workbench. */
    step: text('step').notNull(),
    assigneePersonId: uuid('assignee_person_id').notNull(),
    /** The capacity the task was given in; null means whichever post the person acts in. */
    assigneePostId: uuid('assignee_post_id'),
    state: text('state').$type<'open' | 'done' | 'cancelled'>().notNull().default('open'),
    dueDate: date('due_date', { mode: 'string' }),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    openedAt: ts('opened_at'),
    completedAt: ts('completed_at'),
    /** Who closed it: the assignee, or a delegate acting for them. */
    completedByPersonId: uuid('completed_by_person_id'),
    completedByPostId: uuid('completed_by_post_id'),
    remindCount: integer('remind_count').notNull().default(0),
    lastRemindedAt: ts('last_reminded_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('task_open_assignee_idx').on(t.assigneePersonId, t.kind, t.dueDate).where(sql`state = 'open'`),
    index('task_done_by_idx').on(t.completedByPersonId, t.completedAt),
    index('task_item_idx').on(t.itemId),
  ],
);
