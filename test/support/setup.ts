import { useTestAuditKey } from './audit-key';

// Every test process records events, and events are chained under the audit key.
useTestAuditKey();
