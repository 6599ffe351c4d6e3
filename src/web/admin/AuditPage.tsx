// Placeholder until the administration pages land (issue 3, in progress).
export function AuditPage() {
  return null;
}
