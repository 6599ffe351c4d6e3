import { z } from 'zod';
import { classificationSchema, idSchema } from './common';

// 签到 (DOMAIN §11.5, §11.8; issue 17 item 6): the shapes of /api/v1/meetings/:id/check-ins and the QR code's token.

const CHECK_IN_METHODS = ['manual', 'qr'] as const;
const roleSchema = z.enum(['member', 'sitIn', 'staff']);

/** The staff check a person in from the list of expected attendees. */
export const staffCheckInBodySchema = z.strictObject({ personId: idSchema });

/** The attendee's phone sends the token it read from the screen's QR code. */
export const qrCheckInBodySchema = z.strictObject({
  token: z.string().trim().min(1, '缺少签到码，请扫描会场屏幕上的二维码').max(400, '签到码无效，请扫描会场屏幕上的二维码'),
});

/** A mistaken check-in undone, with the reason (kept in the audit log). */
export const undoCheckInBodySchema = z.strictObject({
  reason: z.string().trim().min(2, '请写明撤销签到的理由').max(200, '撤销理由不能超过 200 字'),
});

const checkInSchema = z.object({
  at: z.string(),
  method: z.enum(CHECK_IN_METHODS),
  by: z.string(),
});

/**
 * 法定人数 (DOMAIN §11.5): 应到 the members, 实到 the members checked in; `rule` is the kind's (none for kinds without
 * one), ⅔ when a topic on the agenda is on cadre appointments (人事任免).
 */
const quorumSchema = z.object({
  rule: z.enum(['majority', 'twoThirds']).nullable(),
  due: z.number().int(),
  present: z.number().int(),
  /** Members on leave the chair approved (回执), not checked in. */
  onLeave: z.number().int(),
  /** Members neither checked in nor on approved leave (未到). */
  absent: z.number().int(),
  /** Members needed for the rule (null without one). */
  needed: z.number().int().nullable(),
  reached: z.boolean().nullable(),
});

export const checkInSheetSchema = z.object({
  meetingItemId: z.string(),
  title: z.string(),
  classification: classificationSchema,
  startsAt: z.string(),
  endsAt: z.string(),
  /** Check-in is open from this time (2 hours before the start) until the end. */
  opensAt: z.string(),
  open: z.boolean(),
  people: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      role: roleSchema,
      checkIn: checkInSchema.nullable(),
    }),
  ),
  quorum: quorumSchema,
  /** The office's registrars and the meeting's staff check people in and show the QR code. */
  mayRecord: z.boolean(),
});
export type CheckInSheet = z.output<typeof checkInSheetSchema>;

/** The screen's QR code: the URL an attendee's phone opens, refreshed before `expiresAt`. */
export const checkInCodeSchema = z.object({
  url: z.string(),
  token: z.string(),
  expiresAt: z.string(),
  refreshSeconds: z.number().int(),
});

/** What the phone shows after scanning. */
export const qrCheckInResultSchema = z.object({
  meetingTitle: z.string(),
  name: z.string(),
  role: roleSchema,
  at: z.string(),
  /** Checked in before (by the staff or an earlier scan): nothing new was written. */
  already: z.boolean(),
});
export type QrCheckInResult = z.output<typeof qrCheckInResultSchema>;
