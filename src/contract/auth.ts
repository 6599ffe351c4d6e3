import { z } from 'zod';
import { classificationSchema, idSchema } from './common';

export const signInBodySchema = z.strictObject({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(128),
});

export const changePasswordBodySchema = z.strictObject({
  currentPassword: z.string().min(1).max(128),
  newPassword: z.string().min(1).max(128),
});

export const switchCapacityBodySchema = z.strictObject({ postId: idSchema });

export const postSummarySchema = z.object({
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

export const createTokenBodySchema = z.strictObject({
  name: z.string().trim().min(1, '请填写令牌用途').max(100),
  expiresAt: z.iso.datetime({ offset: true, error: '过期时间须为 ISO 8601 时间' }).optional(),
});

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
