import { z } from 'zod';
import { classificationSchema, isoDateSchema, urgencySchema } from './common';
import { GENRE_NAMES } from './official-document';

// What a received 公文 file suggests for 登记 (条例 Art.24(二)). Field names follow registerIncomingBodySchema,
// so a form can take `fields.x.value` for `x`; the registrar confirms every value before registering.

const importConfidenceSchema = z.enum(['high', 'low']);

/** One suggested value: `high` when the element stood where GB/T 9704 puts it, `low` when it was guessed. */
const suggestion = <T extends z.ZodType>(value: T) =>
  z.object({
    value,
    confidence: importConfidenceSchema,
    /** The 1-based line of `lines` the value was read from (its first line). */
    line: z.number().int().min(1).optional(),
  });

const names = z.array(z.string().min(1));

const importedFieldsSchema = z.object({
  /** 来文单位: the (lead) 发文机关, from the 版头 or else the 署名. */
  senderName: suggestion(z.string()).optional(),
  /** Every 发文机关 of a joint document, lead first; one name otherwise. */
  issuers: suggestion(names).optional(),
  /** 发文字号 in canonical form (DOMAIN.md §2.5); what was corrected is in `warnings`. */
  docNo: suggestion(z.string()).optional(),
  /** 签发人 of an upward document, in the order printed. */
  signers: suggestion(names).optional(),
  title: suggestion(z.string()).optional(),
  genre: suggestion(z.enum(GENRE_NAMES)).optional(),
  classification: suggestion(classificationSchema).optional(),
  secrecyTerm: suggestion(z.string()).optional(),
  urgency: suggestion(urgencySchema).optional(),
  /** 份号 printed at the top left. */
  copyNumbers: suggestion(z.array(z.string().regex(/^\d{6}$/u))).optional(),
  writtenDate: suggestion(isoDateSchema).optional(),
  mainRecipients: suggestion(names).optional(),
  ccRecipients: suggestion(names).optional(),
  attachments: suggestion(z.array(z.object({ name: z.string().min(1) }))).optional(),
  /** 附注 without its brackets, e.g. 联系人：…；联系电话：… */
  note: suggestion(z.string()).optional(),
});
export type ImportedFields = z.output<typeof importedFieldsSchema>;

const importFormatSchema = z.enum(['txt', 'docx']);
export type ImportFormat = z.output<typeof importFormatSchema>;
const importEncodingSchema = z.enum(['utf-8', 'gb18030', 'utf-16le', 'utf-16be']);
export type ImportEncoding = z.output<typeof importEncodingSchema>;

export const importResultSchema = z.object({
  source: z.object({ fileName: z.string(), format: importFormatSchema, encoding: importEncodingSchema.nullable() }),
  fields: importedFieldsSchema,
  /** For the registrar, in Chinese: what is missing, what was corrected, what looks wrong. */
  warnings: z.array(z.string()),
  /** The text as read, one entry per line (a .docx paragraph); `line` numbers point into it. */
  lines: z.array(z.string()),
});
export type ImportResult = z.output<typeof importResultSchema>;
