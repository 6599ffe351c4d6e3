import { z } from 'zod';
import { classificationSchema, idSchema, isoDateSchema, TITLE_MAX, titleText, urgencySchema } from './common';
import { GENRE_NAMES, GENRES, type Genre } from './official-document';

// The structured text of an outgoing 公文 (发文稿), as drafted, checked (规范性审核) and laid out per
// GB/T 9704-2012 (DOMAIN.md §1.3, §2). One shape serves the editor, the format checks and the .docx writer.

/** 文件格式, 信函格式, 纪要格式 (GB/T 9704 §10); orders (令) use the standard layout with a 令号. */
export const DRAFT_FORMATS = ['standard', 'letter', 'minutes'] as const;
const draftFormatSchema = z.enum(DRAFT_FORMATS);

/** 上行文, 下行文, 平行文; the genre suggests it (see GENRES), the drafter confirms it. */
const directionSchema = z.enum(['up', 'down', 'parallel']);
export type Direction = z.output<typeof directionSchema>;

/** The direction a 文种 usually goes, as a new draft starts (the drafter confirms it). */
export function directionOf(genre: Genre): Direction {
  const d = GENRES.find((g) => g.genre === genre)?.direction;
  return d === 'up' ? 'up' : d === 'parallel' ? 'parallel' : 'down';
}

/**
 * An organ named in the document: a unit of this deployment (unitId set: the routing checks know where it
 * stands), a class of organs (`各县（市、区）人民政府`), an outside organ, or — wrongly, see R-UP-5 — a person.
 */
const organRefSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  unitId: idSchema.nullable().default(null),
  /** 'person' when a named individual is addressed (e.g. 张书记), which R-UP-5 forbids. */
  kind: z.enum(['organ', 'class', 'person']).default('organ'),
});
export type OrganRef = z.output<typeof organRefSchema>;

/**
 * One paragraph of 正文. `level` 0 is body text; 1–4 are the heading levels 一、 （一） 1. （1） (§7.3.3),
 * typed by the drafter as part of `text` and checked against the level. A heading of level 1 or 2 may be
 * followed by text in the same paragraph (一、总体要求。…), as is common.
 */
const paragraphSchema = z.strictObject({
  level: z.number().int().min(0).max(4).default(0),
  text: z.string().max(20_000),
});
export type Paragraph = z.output<typeof paragraphSchema>;

const attachmentSchema = z.strictObject({
  /** The name as listed in the 附件说明 and printed on the attachment's first page. */
  title: titleText().min(1).max(300, '附件名称不能超过 300 字'),
  /** The attachment's own text, when it is bound with the body; null when it is a separate file. */
  body: z.array(paragraphSchema).max(5000).nullable().default(null),
});

export const draftSchema = z.strictObject({
  format: draftFormatSchema.default('standard'),
  genre: z.enum(GENRE_NAMES),
  direction: directionSchema,
  /** 发文机关, lead first; joint documents list every co-issuer (会签 by each one's leader). */
  issuers: z.array(organRefSchema).min(1).max(20),
  /** The red header (发文机关标志) text without 文件, e.g. 中共江州市委办公室; defaults to the issuers' names. */
  headerName: z.string().trim().max(200).nullable().default(null),
  /** 文件格式 adds 文件 after the name; some offices print the name alone. */
  headerWithWenjian: z.boolean().default(true),
  /** Given at 编号 (numbering); null while drafting. Orders carry 第N号. */
  docNo: z.string().trim().max(60).nullable().default(null),
  /** 签发人 of an upward document, one per issuer, in issuer order; filled at 签发. */
  signers: z.array(z.string().trim().min(1).max(20)).max(20).default([]),
  copyNo: z.string().trim().max(6).nullable().default(null),
  classification: classificationSchema.default('公开'),
  secrecyTerm: z.string().trim().max(40).nullable().default(null),
  urgency: urgencySchema.nullable().default(null),
  title: titleText().max(TITLE_MAX, `标题不能超过 ${TITLE_MAX} 字`),
  mainRecipients: z.array(organRefSchema).max(500).default([]),
  body: z.array(paragraphSchema).max(5000).default([]),
  attachments: z.array(attachmentSchema).max(100).default([]),
  /** The issuer signature line (发文机关署名); empty for 纪要. Joint: one per issuer, in order. */
  signatureNames: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  /** 成文日期 (ISO); for a joint document the date of the last signature. Null until signed. */
  writtenDate: isoDateSchema.nullable().default(null),
  sealed: z.boolean().default(true),
  /** 附注 without its brackets, e.g. 此件公开发布, or a 请示's 联系人：…；联系电话：… */
  note: z.string().trim().max(500).nullable().default(null),
  ccRecipients: z.array(organRefSchema).max(500).default([]),
  /** 印发机关 and 印发日期 (standard and minutes formats; the letter format has none). */
  printedBy: z.string().trim().max(200).nullable().default(null),
  printedDate: isoDateSchema.nullable().default(null),
  /** 纪要: 出席 / 请假 / 列席 lines. */
  attendance: z
    .strictObject({
      present: z.string().max(2000).default(''),
      absent: z.string().max(2000).default(''),
      observers: z.string().max(2000).default(''),
    })
    .nullable()
    .default(null),
  /** Facts the checks cannot see in the text (DOMAIN.md §1.4). */
  flags: z
    .strictObject({
      /** A superior leader assigned this matter directly (R-UP-5 exception). */
      directAssignment: z.boolean().default(false),
      /** An important document (R-DOWN-1: copy the direct superior; Art.22: the principal leader signs). */
      important: z.boolean().default(false),
    })
    .default({ directAssignment: false, important: false }),
});
export type Draft = z.output<typeof draftSchema>;
export type DraftInput = z.input<typeof draftSchema>;
