// Every table of the application, for drizzle-kit and the backup tool. Modules add their schema here.
export * from './org/schema';
export * from './platform/auth/schema';
export * from './platform/audit/schema';
export * from './platform/calendar/schema';
export * from './platform/items/schema';
export * from './platform/files/schema';
export * from './platform/flow/schema';
export * from './platform/notify/schema';
export * from './platform/jobs/schema';
export * from './platform/numbering/schema';
export * from './modules/incoming/schema';
export { circulation } from './platform/flow/circulation';
export { commonPhrase } from './platform/flow/phrases';
export * from './modules/outgoing/schema';
export * from './platform/modules/schema';
