import { sql } from 'drizzle-orm';
import { customType, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** 件: one row per thing the office handles; module fields live in the module's own table keyed by id. */
export const item = pgTable(
  'item',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    registryNo: text('registry_no'),
    classification: text('classification').notNull().default('公开'),
    secrecyTerm: text('secrecy_term'),
    urgency: text('urgency'),
    owningUnitId: uuid('owning_unit_id').notNull(),
    owningDepartmentId: uuid('owning_department_id'),
    state: text('state').notNull(),
    dueDate: date('due_date', { mode: 'string' }),
    createdBy: uuid('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    closedAt: ts('closed_at'),
    /** 待归档 once the flow closes the item (DOMAIN.md §5.3: 办结 triggers filing); 已归档 when filed. */
    filingStatus: text('filing_status').$type<'待归档' | '已归档'>(),
    /** Optimistic concurrency: every change increments it. */
    version: integer('version').notNull().default(1),
    /** jieba tokens of the searchable text, space-separated; the tsvector is generated from it. */
    searchTokens: text('search_tokens').notNull().default(''),
    searchVector: tsvector('search_vector').generatedAlwaysAs(sql`to_tsvector('simple', search_tokens)`),
  },
  (t) => [
    index('item_unit_created_idx').on(t.owningUnitId, t.createdAt, t.id),
    // Lists and search show the newest first: for a common word, walking items newest-first fills a page
    // long before collecting and sorting every match would (bench: 8.6 → 0.2 ms at 10k items, more beyond).
    index('item_created_idx').on(t.createdAt, t.id),
    // A module's register is "items of my kind, newest first": without this the planner joins every item of the
    // kind and sorts them (督办登记簿 at bench M: 44 ms for the page; walking this index stops at the page: 6 ms).
    // After the order, the columns the reach test and the lights read (readableItemsWhere, the registers' counts):
    // counting a register is then an index-only scan of its kind, not a heap page per item (bench M, 4,800 督办
    // items: 3.6–4.3 → 1.6–2.3 ms). Key columns rather than INCLUDE, which drizzle cannot declare; the order is the prefix.
    index('item_kind_created_idx').on(
      t.kind,
      t.createdAt,
      t.id,
      t.owningUnitId,
      t.classification,
      t.createdBy,
      t.owningDepartmentId,
      t.closedAt,
      t.dueDate,
    ),
    // New rows wait in a GIN index's pending list, which every search reads whole, until VACUUM moves them
    // into the index or the list passes this limit (kB; PostgreSQL's default is 4096). 256 kB keeps a search
    // between vacuums within ~32 pages of list (bench/README.md: 445 pages made a rare word 7.9 ms, not 0.6).
    index('item_search_idx').using('gin', t.searchVector).with({ gin_pending_list_limit: 256 }),
    index('item_title_trgm_idx')
      .using('gin', sql`${t.title} gin_trgm_ops`)
      .with({ gin_pending_list_limit: 256 }),
  ],
);

/**
 * Explicit access to an item. `full`: a person given a task or a 传阅 reads the whole record. `issued`: what a
 * receiver reads — the issued document and its issued files, none of the sender's internal handling (opinions,
 * earlier versions, the distribution list) — granted to a receiving unit (its registrars, to sign for it) or to
 * the item that receiving made (whoever reads that item reads the copy it came from). `part`: a person of a unit an
 * item was sent to by a kind that reads a part (督办 交办) reads the record and that unit's part (`flow/parts.ts`).
 */
export const itemAccess = pgTable(
  'item_access',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => item.id),
    principalType: text('principal_type').$type<'person' | 'unit' | 'item'>().notNull(),
    principalId: uuid('principal_id').notNull(),
    scope: text('scope').$type<'full' | 'issued' | 'part'>().notNull().default('full'),
    reason: text('reason').notNull(),
    grantedBy: uuid('granted_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.principalType, t.principalId] }),
    index('item_access_principal_idx').on(t.principalType, t.principalId),
  ],
);
