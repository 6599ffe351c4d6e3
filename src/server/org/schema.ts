import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** 机关/单位: a node in the superior/subordinate tree. */
export const unit = pgTable(
  'unit',
  {
    id: uuid('id').primaryKey(),
    parentId: uuid('parent_id'),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    /** 机关代字, used in 发文字号 (e.g. 市委办发). */
    issuerCode: text('issuer_code'),
    /** 层级: 省 / 市 / 县 / 乡 */
    level: text('level').notNull(),
    /** 类别: 党委 / 党委办公室 / 政府 / 政府办公室 / 部门 / 其他 */
    category: text('category').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: ts('created_at').notNull(),
    disabledAt: ts('disabled_at'),
  },
  (t) => [index('unit_parent_idx').on(t.parentId), uniqueIndex('unit_name_uq').on(t.name)],
);

/**
 * 单位树的传递闭包: one row per unit and each unit above it (and itself, depth 0), so "this unit and everything below
 * it" is one index range instead of a recursive walk or a list of ids. Rebuilt by a statement trigger on `unit`
 * (migrations/0035) whenever a unit is added, removed or moved; nothing writes it otherwise.
 */
export const unitClosure = pgTable(
  'unit_closure',
  {
    ancestorId: uuid('ancestor_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    depth: integer('depth').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ancestorId, t.unitId] }), index('unit_closure_unit_idx').on(t.unitId)],
);

/** 内设机构 */
export const department = pgTable(
  'department',
  {
    id: uuid('id').primaryKey(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unit.id),
    name: text('name').notNull(),
    shortName: text('short_name'),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: ts('created_at').notNull(),
    disabledAt: ts('disabled_at'),
  },
  (t) => [uniqueIndex('department_unit_name_uq').on(t.unitId, t.name)],
);

export const person = pgTable('person', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  gender: text('gender'),
  mobile: text('mobile'),
  /** 涉密人员等级 as the highest classification the person may read. */
  clearance: text('clearance').notNull().default('内部'),
  createdAt: ts('created_at').notNull(),
  disabledAt: ts('disabled_at'),
});

/** 职务: a person may hold several (兼职) and acts in one at a time. */
export const post = pgTable(
  'post',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unit.id),
    departmentId: uuid('department_id').references(() => department.id),
    title: text('title').notNull(),
    isLeader: boolean('is_leader').notNull().default(false),
    isPrimary: boolean('is_primary').notNull().default(false),
    /** The unit's 主要负责人 (书记, 主任, 局长): 条例 Art.22 has important and upward documents signed by this post. */
    isPrincipal: boolean('is_principal').notNull().default(false),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: ts('created_at').notNull(),
    endedAt: ts('ended_at'),
  },
  (t) => [
    index('post_person_idx').on(t.personId),
    index('post_unit_idx').on(t.unitId),
    // One principal leader a unit, among the posts held now.
    uniqueIndex('post_one_principal_idx')
      .on(t.unitId)
      .where(sql`${t.isPrincipal} and ${t.endedAt} is null`),
  ],
);

/** 分管: a leader's post is in charge of a department. */
export const leaderInCharge = pgTable(
  'leader_in_charge',
  {
    postId: uuid('post_id')
      .notNull()
      .references(() => post.id),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => department.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.departmentId] }), index('lic_department_idx').on(t.departmentId)],
);

/** 代理: Y acts on X's tasks for a time window, always recorded as "Y（代 X）". */
export const delegation = pgTable(
  'delegation',
  {
    id: uuid('id').primaryKey(),
    fromPersonId: uuid('from_person_id')
      .notNull()
      .references(() => person.id),
    toPersonId: uuid('to_person_id')
      .notNull()
      .references(() => person.id),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    revokedAt: ts('revoked_at'),
    /**
     * In force only when approved. A delegation within a unit is approved as made; one that crosses units gives a
     * person of another unit this unit's documents and waits for the security administrator (pending / refused).
     */
    approval: text('approval').$type<'approved' | 'pending' | 'refused'>().notNull().default('approved'),
    decidedBy: uuid('decided_by'),
    decidedAt: ts('decided_at'),
  },
  (t) => [index('delegation_from_idx').on(t.fromPersonId), index('delegation_to_idx').on(t.toPersonId)],
);

/** A role held by a person, scoped to a unit (and optionally its subordinates). Admin roles have no unit. */
export const roleGrant = pgTable(
  'role_grant',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    role: text('role').notNull(),
    unitId: uuid('unit_id').references(() => unit.id),
    includeSubordinates: boolean('include_subordinates').notNull().default(false),
    grantedBy: uuid('granted_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('role_grant_person_idx').on(t.personId)],
);
