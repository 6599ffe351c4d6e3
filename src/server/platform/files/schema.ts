import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { item } from '../items/schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One upload: its content is the blob stored under `sm3` (identical content is stored once, however many
 * files point at it); the name, type and classification belong to this upload.
 */
export const file = pgTable(
  'file',
  {
    id: uuid('id').primaryKey(),
    /** SM3 of the content, lower-case hex: the blob's address and its fixity value. */
    sm3: text('sm3').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** From the allow-list of types, never the client's claim. */
    contentType: text('content_type').notNull(),
    /** The client's name, sanitised (no path, no control or reserved characters, bounded length). */
    name: text('name').notNull(),
    classification: text('classification').notNull().default('公开'),
    owningUnitId: uuid('owning_unit_id').notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    uploadedByPostId: uuid('uploaded_by_post_id'),
    uploadedAt: ts('uploaded_at').notNull(),
  },
  (t) => [
    index('file_sm3_idx').on(t.sm3),
    index('file_uploader_idx').on(t.uploadedBy, t.uploadedAt),
    check('file_sm3_hex', sql`${t.sm3} ~ '^[0-9a-f]{64}$'`),
    check('file_size_positive', sql`${t.size} > 0`),
  ],
);

/** A file on an item in a role (正文, 附件 …). Removal is recorded here; the row and the file stay. */
export const itemFile = pgTable(
  'item_file',
  {
    id: uuid('id').primaryKey(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => item.id),
    fileId: uuid('file_id')
      .notNull()
      .references(() => file.id),
    role: text('role').notNull(),
    /** Order within the role on the item: 附件 1, 2, … */
    ordinal: integer('ordinal').notNull(),
    addedBy: uuid('added_by').notNull(),
    addedByPostId: uuid('added_by_post_id'),
    addedAt: ts('added_at').notNull(),
    removedBy: uuid('removed_by'),
    removedAt: ts('removed_at'),
  },
  (t) => [
    index('item_file_item_idx').on(t.itemId, t.role, t.ordinal),
    index('item_file_file_idx').on(t.fileId),
    // The same file is on an item at most once at a time.
    uniqueIndex('item_file_active_idx')
      .on(t.itemId, t.fileId)
      .where(sql`removed_at is null`),
  ],
);
