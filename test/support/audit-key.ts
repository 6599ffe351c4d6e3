import { deriveAuditKey, useAuditKey } from '../../src/server/platform/audit/key';

/** The audit key of the test processes (a served instance loads its own from its configuration). */
const TEST_AUDIT_SECRET = 'zhongshu-test-audit-key-not-for-deployments';

export function useTestAuditKey() {
  useAuditKey(deriveAuditKey(Buffer.from(TEST_AUDIT_SECRET)));
}
