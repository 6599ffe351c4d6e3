import { z } from 'zod';

export const AUDIT_SEAL_FORMAT = 'zhongshu-audit-seal';

/**
 * Every action the server records (recordEvent takes only these), so that each has a name on the auditor's
 * page: the web catalog has `admin.audit.action.<code>` for every one (test/web/audit-actions.test.ts).
 */
export const AUDIT_ACTIONS = [
  'auth.signIn',
  'auth.signIn.failed',
  'auth.signIn.throttle',
  'auth.account.lock',
  'auth.signOut',
  'auth.password.change',
  'auth.capacity.switch',
  'auth.session.end',
  'auth.session.evict',
  'auth.token.create',
  'auth.token.revoke',
  'auth.feed.create',
  'auth.feed.revoke',
  'user.create',
  'user.password.reset',
  'user.unlock',
  'user.disable',
  'user.enable',
  'access.clearance.set',
  'access.role.grant',
  'access.role.revoke',
  'access.adminRole.assign',
  'access.refused',
  'org.unit.create',
  'org.unit.update',
  'org.department.create',
  'org.post.create',
  'org.post.update',
  'org.post.end',
  'org.leaderInCharge.set',
  'org.delegation.create',
  'org.delegation.approve',
  'org.delegation.refuse',
  'org.delegation.revoke',
  'org.demo.seed',
  'org.bench.seed',
  'calendar.import',
  'item.create',
  'item.read',
  'item.read.issued',
  'item.update',
  'item.access.grant',
  'item.access.revoke',
  'item.link',
  'item.file.attach',
  'item.file.remove',
  'file.upload',
  'file.read',
  'files.encrypt',
  'docRegister.create',
  'docNumber.reserve',
  'docNumber.take',
  'docNumber.cancel',
  'incoming.register',
  'incoming.signFor',
  'incoming.correct',
  'incoming.void',
  'incoming.register.export',
  'outgoing.create',
  'outgoing.saveDraft',
  'outgoing.settings',
  'outgoing.override',
  'outgoing.signed',
  'outgoing.numbered',
  'outgoing.print',
  'outgoing.distribute',
  'outgoing.export',
  'outgoing.register.export',
  'outgoing.delivery.signFor',
  'outgoing.delivery.return',
  'outgoing.delivery.redistribute',
  'outgoing.delivery.recordOffline',
  'outgoing.delivery.correctOffline',
  'outgoing.delivery.withdrawOffline',
  'supervision.create',
  'supervision.redo',
  'supervision.edit',
  'supervision.settings',
  'supervision.notice.export',
  'supervision.register.export',
  'meetings.topic.create',
  'meetings.topic.pool',
  'meetings.topic.withdraw',
  'meetings.topic.amend',
  'meetings.topic.schedule',
  'meetings.meeting.room',
  'meetings.meeting.cancel',
  'meetings.meeting.reschedule',
  'meetings.meeting.people',
  'meetings.topic.release',
  'meetings.meeting.create',
  'meetings.agenda.add',
  'meetings.agenda.remove',
  'meetings.agenda.decide',
  'meetings.agenda.slot',
  'meetings.agenda.override',
  'meetings.notice.send',
  'meetings.reply.record',
  'meetings.leave.decide',
  // 会议记录, 议定事项, 纪要, 转督办
  'meetings.record.write',
  'meetings.topic.result',
  'meetings.decision.add',
  'meetings.decision.edit',
  'meetings.decision.remove',
  'meetings.decision.supervise',
  'meetings.minutes.draft',
  // 座次 (seating): a chart or table cards made
  'meetings.seating.chart.export',
  'meetings.seating.cards.export',
  'meetings.room.create',
  'meetings.room.edit',
  'meetings.booking.apply',
  'meetings.booking.allow',
  'meetings.booking.deny',
  'meetings.booking.cancel',
  // 签到 (check-in): a person checked in by staff or by the QR code, a mistaken one undone
  'meetings.checkIn.record',
  'meetings.checkIn.undo',
  // 会议材料, 涉密材料分发登记, 精文减会
  'meetings.material.add',
  'meetings.material.distribute',
  'meetings.handout.issue',
  'meetings.handout.sign',
  'meetings.handout.return',
  'meetings.handout.lost',
  'meetings.policy.set',
  'meetings.policy.override',
  // 会议类型设置
  'meetings.kind.set',
  'flow.start',
  'flow.submit',
  'flow.return',
  'flow.retract',
  'flow.reassign',
  'flow.transfer',
  'flow.addHandler',
  'flow.stop',
  'task.create',
  'task.complete',
  'task.remind',
  'task.remind.auto',
  'dispatch.send',
  'dispatch.noReceiver',
  'dispatch.accept',
  'dispatch.return',
  'dispatch.resend',
  'dispatch.cancel',
  'dispatch.redirect',
  'task.extension.request',
  'task.extension.approve',
  'task.extension.refuse',
  'task.extension.cancel',
  'task.progress.report',
  'task.progress.escalate',
  'circulation.start',
  'circulation.read',
  'circulation.close',
  'circulation.withdraw',
  'phrases.save',
  'backup.create',
  'backup.restore',
  'audit.chain.keyed',
  'audit.chain.broken',
  'audit.seal.export',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The kinds of object events are about (targetType). */
export const AUDIT_TARGETS = [
  'person',
  'account',
  'address',
  'request',
  'apiToken',
  'unit',
  'department',
  'post',
  'delegation',
  'organisation',
  'calendarYear',
  'item',
  'task',
  'file',
  'fileStore',
  'docRegister',
  'docNumber',
  'register',
  'backup',
  'auditChain',
  // 座次: a chart or cards made from names, not from an item
  'seating',
  'meetingRoom',
  'roomBooking',
] as const;
export type AuditTarget = (typeof AUDIT_TARGETS)[number];

/**
 * One event as the auditor reads it. `targetName` names the object (a person's name, a unit, a document's
 * title and 文号 — withheld above the auditor's clearance), and `names` does the same for every identifier
 * in `summary`, so the page shows who and what instead of UUIDs.
 */
export const auditEventSchema = z.object({
  id: z.number(),
  at: z.string(),
  actorPersonId: z.string().nullable(),
  actorPostId: z.string().nullable(),
  onBehalfOfPersonId: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  targetName: z.string().nullable(),
  unitId: z.string().nullable(),
  summary: z.unknown(),
  names: z.record(z.string(), z.string()),
  hash: z.string(),
});

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, '应为 64 位十六进制');

const sealFormat = z.literal(AUDIT_SEAL_FORMAT, { error: '不是中枢留痕封存文件' });

/** One chain's head in a seal: the chain (an office's unit id, or `system`), the last event's place, id and hash. */
const sealedHeadSchema = z.object({
  chain: z.string().max(64),
  seq: z.number().int().min(1),
  id: z.number().int().min(1),
  hash: hex64,
});

/**
 * The heads of every chain, as the auditor keeps them outside the system: each chain's last event (place, id,
 * hash), when, under which key; the MAC (HMAC-SM3 with the deployment's seal key) covers the rest.
 */
export const auditSealSchema = z.object({
  format: sealFormat,
  version: z.literal(2),
  sealedAt: z.iso.datetime({ offset: true }),
  keyId: z.string().max(64),
  heads: z.array(sealedHeadSchema).max(100_000),
  mac: hex64,
});
export type AuditSeal = z.output<typeof auditSealSchema>;

/** A seal exported before per-office chains: the one chain's head (its rows are now the start of `system`). */
const auditSealV1Schema = z.object({
  format: sealFormat,
  version: z.literal(1),
  headId: z.number().int().min(0),
  headHash: hex64,
  count: z.number().int().min(0),
  sealedAt: z.iso.datetime({ offset: true }),
  keyId: z.string().max(64),
  mac: hex64,
});
export type AuditSealV1 = z.output<typeof auditSealV1Schema>;

/** A seal the auditor brings back to verify with: either version. */
export const keptSealSchema = z.discriminatedUnion('version', [auditSealSchema, auditSealV1Schema], {
  error: '封存文件版本不受支持',
});
export type KeptSeal = z.output<typeof keptSealSchema>;

const breakReasonSchema = z.enum(['hash', 'link', 'unkeyed', 'truncated', 'count']);

/**
 * Where a chain broke: its first row that does not hold (id and place in the chain); for a cut-back chain
 * the sealed head and `missing`, how many rows after the chain's present end are gone. `chainName` names
 * the office (null for the system chain).
 */
const chainBreakSchema = z.object({
  chain: z.string(),
  chainName: z.string().nullable(),
  id: z.number(),
  seq: z.number(),
  reason: breakReasonSchema,
  missing: z.number().optional(),
});

export const verifyBodySchema = z.strictObject({ seal: keptSealSchema.optional() }).optional();

export const chainVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number(),
  /** How many chains (offices, and the system chain) were checked. */
  chains: z.number(),
  /** The first broken row of each broken chain. */
  breaks: z.array(chainBreakSchema),
  /** Present when a seal was given: whether every sealed head is still in its chain, with as many events before it. */
  seal: z.object({ sealedAt: z.string(), heads: z.number(), ok: z.boolean(), problems: z.array(chainBreakSchema) }).optional(),
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
      breaks: z.array(chainBreakSchema),
    })
    .nullable(),
});
