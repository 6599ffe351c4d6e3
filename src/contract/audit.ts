import { z } from 'zod';

export const AUDIT_SEAL_FORMAT = 'zhongshu-audit-seal';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, '应为 64 位十六进制');

/**
 * A sealed chain head, as the auditor keeps it outside the system: the last event's id and hash, how many
 * events up to it, when, under which key; the MAC (HMAC-SM3 with the deployment's seal key) covers the rest.
 */
export const auditSealSchema = z.object({
  format: z.literal(AUDIT_SEAL_FORMAT, { error: '不是中枢留痕封存文件' }),
  version: z.literal(1, { error: '封存文件版本不受支持' }),
  headId: z.number().int().min(0),
  headHash: hex64,
  count: z.number().int().min(0),
  sealedAt: z.iso.datetime({ offset: true }),
  keyId: z.string().max(64),
  mac: hex64,
});
export type AuditSeal = z.output<typeof auditSealSchema>;

export const breakReasonSchema = z.enum(['hash', 'link', 'unkeyed', 'truncated', 'count']);

export const verifyBodySchema = z.strictObject({ seal: auditSealSchema.optional() }).optional();

export const chainVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number(),
  head: z.object({ id: z.number(), hash: z.string(), count: z.number() }).nullable(),
  firstBroken: z.object({ id: z.number(), reason: breakReasonSchema }).optional(),
  /** Present when a seal was given: whether the sealed head is still in the log, with as many events before it. */
  seal: z.object({ headId: z.number(), sealedAt: z.string(), ok: z.boolean(), problem: z.enum(['truncated', 'count']).optional() }).optional(),
});

/** The server's scheduled check: how often (minutes; 0 when it does not run by itself) and its latest run. */
export const auditCheckStatusSchema = z.object({
  everyMinutes: z.number(),
  last: z
    .object({
      at: z.string(),
      ok: z.boolean(),
      fromId: z.number(),
      headId: z.number().nullable(),
      checked: z.number(),
      firstBroken: z.object({ id: z.number(), reason: breakReasonSchema }).nullable(),
    })
    .nullable(),
});
