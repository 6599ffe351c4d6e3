import { z } from 'zod';
import { classificationSchema, idSchema } from './common';

export const UNIT_LEVELS = ['省', '市', '县', '乡'] as const;
export const UNIT_CATEGORIES = ['党委', '党委办公室', '政府', '政府办公室', '部门', '其他'] as const;

const name = (label: string, max = 100) => z.string().trim().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 字`);

export const unitSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  shortName: z.string(),
  issuerCode: z.string().nullable(),
  level: z.string(),
  category: z.string(),
  sortOrder: z.number(),
  disabled: z.boolean(),
});

/** Comma-separated ids, at most `max` (to name the values a page already holds). */
const idList = (max: number, tooMany: string) =>
  z
    .string()
    .max(max * 37, tooMany)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(idSchema).max(max, tooMany));

const UNITS_LIMIT = '数量应为 1 至 200 的整数';

/**
 * Units for a picker: those whose full or short name contains `q`, or the units `ids` names, at most `limit` of them
 * in the organisation's order. `all` is the whole list, for the organisation's own admin tree.
 */
export const listUnitsQuerySchema = z.strictObject({
  q: z.string().trim().max(50, '查找的单位名称不能超过 50 字').optional(),
  ids: idList(100, '一次最多查询 100 个单位').optional(),
  limit: z.coerce.number({ error: UNITS_LIMIT }).int(UNITS_LIMIT).min(1, UNITS_LIMIT).max(200, UNITS_LIMIT).default(50),
  all: z
    .enum(['true', 'false'], { error: 'all 应为 true 或 false' })
    .default('false')
    .transform((v) => v === 'true'),
});

export const unitListSchema = z.object({
  items: z.array(unitSchema),
  /** More units match than `limit` gave: the picker asks the user to type more of the name. */
  truncated: z.boolean(),
});

export const createUnitBodySchema = z.strictObject({
  parentId: idSchema.nullable(),
  name: name('单位全称'),
  shortName: name('单位简称', 30),
  issuerCode: z.string().trim().min(1).max(20).nullable().default(null),
  level: z.enum(UNIT_LEVELS),
  category: z.enum(UNIT_CATEGORIES),
  sortOrder: z.number().int().min(0).max(1_000_000).default(0),
});
export const updateUnitBodySchema = createUnitBodySchema.partial();

export const departmentSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  sortOrder: z.number(),
});
export const createDepartmentBodySchema = z.strictObject({
  unitId: idSchema,
  name: name('内设机构名称'),
  shortName: z.string().trim().min(1).max(30).nullable().default(null),
  sortOrder: z.number().int().min(0).max(1_000_000).default(0),
});

const personPostSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  title: z.string(),
  isLeader: z.boolean(),
  isPrimary: z.boolean(),
  /** The unit's 主要负责人 (条例 Art.22: signs its important and upward documents). */
  isPrincipal: z.boolean(),
  inChargeOf: z.array(z.string()),
});

export const personSchema = z.object({
  id: z.string(),
  name: z.string(),
  gender: z.string().nullable(),
  username: z.string().nullable(),
  /** Shown to the security administrator only; null for everyone else. */
  clearance: classificationSchema.nullable(),
  disabled: z.boolean(),
  /** Shown to the security and system administrators only; null for everyone else. */
  locked: z.boolean().nullable(),
  posts: z.array(personPostSchema),
});

export const listPeopleQuerySchema = z.strictObject({
  unitId: idSchema.optional(),
  q: z.string().trim().max(50).optional(),
  /** Particular people, by id, comma-separated (to name the people a list of grants or events refers to). */
  ids: idList(200, '一次最多查询 200 人').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const createPostBodySchema = z.strictObject({
  personId: idSchema,
  unitId: idSchema,
  departmentId: idSchema.nullable().default(null),
  title: name('职务名称', 50),
  isLeader: z.boolean().default(false),
  isPrimary: z.boolean().default(false),
  /** The unit's principal leader; one a unit — setting it moves it from the post that had it. */
  isPrincipal: z.boolean().default(false),
  sortOrder: z.number().int().min(0).max(1_000_000).default(0),
});

export const setPrincipalBodySchema = z.strictObject({ isPrincipal: z.boolean() });

export const setInChargeBodySchema = z.strictObject({ departmentIds: z.array(idSchema).max(50) });

export const delegationSchema = z.object({
  id: z.string(),
  fromPersonId: z.string(),
  fromName: z.string(),
  toPersonId: z.string(),
  toName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  reason: z.string(),
  revokedAt: z.string().nullable(),
  /** In force only when approved; one across units waits for the security administrator. */
  approval: z.enum(['approved', 'pending', 'refused']),
  decidedAt: z.string().nullable(),
  /** "Y（代 X）", as opinions and events will show it. */
  label: z.string(),
});
export const createDelegationBodySchema = z
  .strictObject({
    fromPersonId: idSchema.optional(),
    toPersonId: idSchema,
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    reason: name('代理事由', 200),
  })
  .refine((d) => new Date(d.endsAt) > new Date(d.startsAt), { message: '结束时间须晚于开始时间', path: ['endsAt'] });

export const createUserBodySchema = z.strictObject({
  name: name('姓名', 30),
  gender: z.enum(['男', '女']).nullable().default(null),
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9._-]{2,31}$/, '用户名须为 3–32 位小写字母、数字或 ._-，以字母开头'),
  temporaryPassword: z.string().min(1).max(128),
});

export const resetPasswordBodySchema = z.strictObject({ temporaryPassword: z.string().min(1).max(128) });

export const setClearanceBodySchema = z.strictObject({ clearance: classificationSchema });

export const roleGrantSchema = z.object({
  id: z.string(),
  personId: z.string(),
  role: z.string(),
  unitId: z.string().nullable(),
  includeSubordinates: z.boolean(),
});
export const grantRoleBodySchema = z.strictObject({
  personId: idSchema,
  role: z.enum(['registrar', 'supervisor']),
  unitId: idSchema,
  includeSubordinates: z.boolean().default(false),
});
