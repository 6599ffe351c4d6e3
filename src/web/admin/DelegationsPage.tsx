// Placeholder until the administration pages land (issue 3, in progress).
export function DelegationsPage(_: { admin?: boolean }) {
  return null;
}
