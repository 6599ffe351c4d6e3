// Placeholder until the administration pages land (issue 3, in progress).
export function SecurityPage() {
  return null;
}
