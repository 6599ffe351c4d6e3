// Shapes the server sends, taken from the shared contract so web and server cannot drift apart.
import type { z } from 'zod';
import type {
  apiTokenSchema,
  createdTokenSchema,
  meSchema,
  sessionListSchema,
  signInResultSchema,
  tokenOwnerSchema,
} from '../../contract/auth';
import type { notificationListSchema, workbenchListSchema, workbenchSummarySchema } from '../../contract/workbench';
import type { itemSchema } from '../../contract/items';

export type Me = z.infer<typeof meSchema>;
export type SessionList = z.infer<typeof sessionListSchema>;
export type SignInResult = z.infer<typeof signInResultSchema>;
export type ApiToken = z.infer<typeof apiTokenSchema>;
export type CreatedToken = z.infer<typeof createdTokenSchema>;
export type TokenOfPerson = z.infer<typeof tokenOwnerSchema>;
export type WorkbenchSummary = z.infer<typeof workbenchSummarySchema>;
export type WorkbenchList = z.infer<typeof workbenchListSchema>;
export type NotificationList = z.infer<typeof notificationListSchema>;
export type Item = z.infer<typeof itemSchema>;
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
import type { incomingDetailSchema, incomingListSchema, registerResultSchema } from '../../contract/incoming';
import type { personSchema, unitListSchema, unitSchema, departmentSchema } from '../../contract/org';
export type IncomingDetail = z.infer<typeof incomingDetailSchema>;
export type IncomingList = z.infer<typeof incomingListSchema>;
export type RegisterResult = z.infer<typeof registerResultSchema>;
export type Person = z.infer<typeof personSchema>;
export type Unit = z.infer<typeof unitSchema>;
export type UnitList = z.infer<typeof unitListSchema>;
export type Department = z.infer<typeof departmentSchema>;
import type { delegationSchema, roleGrantSchema } from '../../contract/org';
import type { calendarYearSummarySchema, countResultSchema } from '../../contract/calendar';
export type Delegation = z.infer<typeof delegationSchema>;
export type RoleGrant = z.infer<typeof roleGrantSchema>;
export type CalendarYearSummary = z.infer<typeof calendarYearSummarySchema>;
export type WorkdayCount = z.infer<typeof countResultSchema>;
// The two shapes below are declared in server routes but not yet in src/contract; they mirror
// GET /calendar/years/:year and GET /audit/events until the contract has them.
export interface CalendarYearDetail {
  year: number;
  version: number;
  source: string;
  notices: string[];
  offDays: string[];
  makeupWorkdays: string[];
}
/** An event as the auditor reads it, with the names of its object and of the identifiers in its summary. */
export type AuditEvent = z.output<typeof auditEventSchema>;
import type { auditCheckStatusSchema, auditEventSchema, chainVerificationSchema } from '../../contract/audit';
export type ChainVerification = z.output<typeof chainVerificationSchema>;
export type AuditCheckStatus = z.output<typeof auditCheckStatusSchema>;
export type { AuditSeal, KeptSeal } from '../../contract/audit';
import type { FlowView as FlowViewOf } from '../../contract/flow';
export type FlowView = FlowViewOf;
export type MyTask = FlowView['myTasks'][number];
import type {
  inboxSchema,
  issuedCopySchema,
  outgoingDetailSchema,
  outgoingListSchema,
  versionDetailSchema,
  checkResultSchema,
} from '../../contract/outgoing';
import type { docRegisterListItemSchema, registerNumbersSchema } from '../../contract/doc-register';
export type OutgoingDetail = z.output<typeof outgoingDetailSchema>;
export type IssuedCopy = z.output<typeof issuedCopySchema>;
export type OutgoingList = z.output<typeof outgoingListSchema>;
export type OutgoingVersion = z.output<typeof versionDetailSchema>;
export type CheckResult = z.output<typeof checkResultSchema>;
export type DeliveryInbox = z.output<typeof inboxSchema>;
export type DocRegister = z.output<typeof docRegisterListItemSchema>;
export type RegisterNumbers = z.output<typeof registerNumbersSchema>;
