import { z } from 'zod';
import { idSchema } from './common';

// 文号 registers (发文登记簿): DOMAIN.md §2.5 — 机关代字〔year〕sequence号, orders 第N号, issues (纪要) 第N期.

const text = (label: string, min: number, max: number) =>
  z.string().trim().min(min, `请填写${label}`).max(max, `${label}不能超过 ${max} 字`);

/** yearly: 机关代字〔2026〕N号; order: 第N号 never reset (令); issue: 第N期, from 1 each year (纪要, 简报). */
const docRegisterKindSchema = z.enum(['yearly', 'order', 'issue']);

export const createDocRegisterBodySchema = z.strictObject({
  unitId: idSchema,
  name: text('文件类别', 1, 20),
  /** 机关代字: Han characters (and Latin letters), no brackets or digits. */
  code: text('机关代字', 1, 24).regex(/^[\p{Script=Han}A-Za-z]+$/u, '机关代字只能由汉字（或字母）组成，不含括号、数字'),
  kind: docRegisterKindSchema.default('yearly'),
});

const docRegisterSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  name: z.string(),
  code: z.string(),
  kind: docRegisterKindSchema,
  /** An example of the number this register gives, e.g. 江委办发〔2026〕1号. */
  example: z.string(),
});

/** A register in the list of registers, with how many numbers it gave this year (the page opens on one in use). */
export const docRegisterListItemSchema = docRegisterSchema.extend({ takenThisYear: z.number() });

export const reserveNumberBodySchema = z.strictObject({
  itemId: idSchema.nullable().default(null),
  note: z.string().trim().max(200).nullable().default(null),
});

/**
 * The number a register would give next (or the one the document already holds), before anyone takes it: a
 * preview — another registrar may take it first; the number itself is given, gapless, when it is taken.
 */
export const numberPreviewSchema = z.object({
  register: z.object({ id: z.string(), name: z.string(), code: z.string() }),
  /** 0 for registers that never reset (orders). */
  year: z.number(),
  seq: z.number(),
  docNo: z.string(),
  /** The document already holds this number: reserved for it, or given before it came back to 编号. */
  held: z.enum(['reserved', 'used']).nullable(),
});

export const cancelNumberBodySchema = z.strictObject({
  reason: text('作废原因', 2, 200),
});

const docNumberStateSchema = z.enum(['reserved', 'used', 'cancelled']);

const docNumberSchema = z.object({
  id: z.string(),
  seq: z.number(),
  docNo: z.string(),
  state: docNumberStateSchema,
  itemId: z.string().nullable(),
  title: z.string().nullable(),
  note: z.string().nullable(),
  takenAt: z.string(),
  takenByName: z.string(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
});

export const registerNumbersQuerySchema = z.strictObject({
  year: z.coerce.number().int().min(1949).max(2100).optional(),
});

export const registerNumbersSchema = z.object({
  register: docRegisterSchema,
  year: z.number(),
  /** The last number given out this year (0: none yet). */
  last: z.number(),
  numbers: z.array(docNumberSchema),
  /** Numbers between 1 and `last` with no row: always empty unless the register was tampered with. */
  missing: z.array(z.number()),
});
