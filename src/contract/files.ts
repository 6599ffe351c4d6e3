import { z } from 'zod';
import { classificationSchema, idSchema } from './common';

/**
 * What a file is to an item: 正文 and 附件 (GB/T 9704), 定稿 and 文件处理单 / 发文稿纸, which DA/T 22 files with
 * the document (DOMAIN.md §5.3), and anything else.
 */
export const FILE_ROLES = ['正文', '附件', '定稿', '处理单', '发文稿纸', '其他'] as const;
export type FileRole = (typeof FILE_ROLES)[number];
/** The received or issued document itself, and its attachments. */
export const BODY_ROLE = FILE_ROLES[0];
export const ATTACHMENT_ROLE = FILE_ROLES[1];
/** What a receiver of an issued document reads with it (the sender's 稿纸 and 处理单 stay with the sender). */
export const ISSUED_FILE_ROLES: readonly FileRole[] = [BODY_ROLE, ATTACHMENT_ROLE, '定稿'];
const fileRoleSchema = z.enum(FILE_ROLES, { error: `用途应为 ${FILE_ROLES.join('、')} 之一` });

/** The answer to an upload, and a file as lists show it. */
export const fileSchema = z.object({
  id: z.string(),
  /** SM3 of the content, 64 hex digits: the fixity value recorded at upload. */
  sm3: z.string(),
  size: z.number(),
  name: z.string(),
  contentType: z.string(),
  classification: classificationSchema,
  uploadedAt: z.string(),
});

/** What an upload may be, for the web's file picker (accept list, size hint) before anything is sent. */
export const fileLimitsSchema = z.object({
  maxBytes: z.number(),
  types: z.array(z.object({ ext: z.string(), mime: z.string(), label: z.string() })),
});

/** The query of an upload; the body is the file itself and its name is in X-File-Name (URL-encoded). */
export const uploadQuerySchema = z.strictObject({
  classification: classificationSchema.default('公开'),
});

export const attachFileBodySchema = z.strictObject({
  fileId: idSchema,
  role: fileRoleSchema,
});

export const itemFileSchema = z.object({
  /** The attachment (one file in one role on one item). */
  id: z.string(),
  fileId: z.string(),
  role: z.string(),
  ordinal: z.number(),
  name: z.string(),
  size: z.number(),
  contentType: z.string(),
  sm3: z.string(),
  classification: classificationSchema,
  addedBy: z.object({ id: z.string(), name: z.string() }),
  addedAt: z.string(),
  removedAt: z.string().nullable(),
  removedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});

export const listItemFilesQuerySchema = z.strictObject({
  /** Also the attachments that were removed: removal is recorded, never erased. */
  includeRemoved: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

/**
 * How the page shows a file: `pages`, as page images (PDF and office documents, converted on the server);
 * `image`, the file itself; `none`, not at all, with the reason (OFD, archives…) — download it instead.
 */
export const filePreviewSchema = z.object({
  kind: z.enum(['pages', 'image', 'none']),
  pages: z.number().int().nullable(),
  reason: z.string().nullable(),
});
export type FilePreview = z.infer<typeof filePreviewSchema>;

export const downloadQuerySchema = z.strictObject({
  /** inline: shown in the browser (PDF, images); attachment (default): saved. */
  disposition: z.enum(['inline', 'attachment']).default('attachment'),
});
