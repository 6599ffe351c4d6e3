import { z } from 'zod';
import { classificationSchema, idSchema } from './common';
import { MODULES } from './workbench';

export const signInBodySchema = z.strictObject({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(128),
});

export const changePasswordBodySchema = z.strictObject({
  currentPassword: z.string().min(1).max(128),
  newPassword: z.string().min(1).max(128),
});

export const switchCapacityBodySchema = z.strictObject({ postId: idSchema });

const postSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  isLeader: z.boolean(),
  isPrimary: z.boolean(),
});

export const meSchema = z.object({
  personId: z.string(),
  name: z.string(),
  username: z.string(),
  clearance: classificationSchema,
  adminRole: z.enum(['sysAdmin', 'securityAdmin', 'securityAuditor']).nullable(),
  roles: z.array(z.object({ role: z.string(), unitIds: z.array(z.string()) })),
  mustChangePassword: z.boolean(),
  currentPostId: z.string().nullable(),
  posts: z.array(postSummarySchema),
  csrfToken: z.string().nullable(),
  demo: z.boolean(),
  classificationCeiling: classificationSchema,
});

export const signInResultSchema = z.object({ csrfToken: z.string(), me: meSchema });

/**
 * What an API token may reach: an office module by its key, or an area of the kernel every module uses
 * (items and search, files, tasks with the workbench and notifications, the organisation and the calendar).
 * Administration is never an area: no token reaches it.
 */
export const TOKEN_AREAS = [...MODULES, 'items', 'files', 'tasks', 'org', 'calendar'] as const;
export type TokenArea = (typeof TOKEN_AREAS)[number];
/** Areas a token only reads: their writes are administration (the organisation, the calendar) or there are none (效能). */
export const READ_ONLY_TOKEN_AREAS: readonly TokenArea[] = ['org', 'calendar', 'efficiency'];
/** `area:read` reads (GET); `area:write` reads and writes. */
export type TokenScope = `${TokenArea}:${'read' | 'write'}`;
export const TOKEN_SCOPES = TOKEN_AREAS.flatMap((a): TokenScope[] =>
  READ_ONLY_TOKEN_AREAS.includes(a) ? [`${a}:read`] : [`${a}:read`, `${a}:write`],
) as [TokenScope, ...TokenScope[]];
/** The longest a token may live; a token always has an end. */
export const TOKEN_MAX_DAYS = 365;

const tokenScopeSchema = z.enum(TOKEN_SCOPES, { error: `权限范围应为 ${TOKEN_SCOPES.join('、')} 之一` });

export const createTokenBodySchema = z
  .strictObject({
    name: z.string().trim().min(1, '请填写令牌用途').max(100),
    scope: z.array(tokenScopeSchema).min(1, '请选择令牌可访问的范围').max(TOKEN_SCOPES.length),
    /** When the token ends; or `days` from now. One of the two is required. */
    expiresAt: z.iso.datetime({ offset: true, error: '过期时间须为 ISO 8601 时间' }).optional(),
    days: z
      .number()
      .int('有效天数须为整数')
      .min(1, '有效天数至少 1 天')
      .max(TOKEN_MAX_DAYS, `有效天数最多 ${TOKEN_MAX_DAYS} 天`)
      .optional(),
  })
  .refine((b) => (b.expiresAt === undefined) !== (b.days === undefined), {
    message: `令牌须有有效期：填写 expiresAt（到期时间）或 days（天数，最多 ${TOKEN_MAX_DAYS} 天）其中之一`,
    path: ['expiresAt'],
  });

/** Why a token ended before its time. */
export const TOKEN_REVOKE_REASONS = [
  'owner',
  'securityAdmin',
  'passwordChange',
  'passwordReset',
  'accountDisabled',
  'upgrade',
] as const;

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokedReason: z.enum(TOKEN_REVOKE_REASONS).nullable(),
});

/** The one response that holds the token itself; it is never stored and never shown again. */
/** 日历订阅: whether the person has a subscription address, when it was made and last polled (never its secret). */
export const feedLinkSchema = z.object({ createdAt: z.string(), lastUsedAt: z.string().nullable() }).nullable();
/** A new subscription: the secret, shown this once. */
export const createdFeedSchema = z.object({ token: z.string(), createdAt: z.string() });

export const createdTokenSchema = z.object({
  id: z.string(),
  token: z.string(),
  name: z.string(),
  scope: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string(),
});

/** Every person's tokens, as the security administrator lists them. */
export const tokenOwnerSchema = apiTokenSchema.extend({ personId: z.string(), ownerName: z.string(), username: z.string() });
export const adminTokenQuerySchema = z.strictObject({
  personId: idSchema.optional(),
  /** Only tokens that still work (not revoked, not expired). */
  active: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

/** 我的登录: sessions in force, newest use first; at most `max` are kept (a further sign-in ends the oldest). */
export const sessionListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      createdAt: z.string(),
      lastSeenAt: z.string(),
      ip: z.string().nullable(),
      userAgent: z.string().nullable(),
      current: z.boolean(),
    }),
  ),
  max: z.number(),
});
