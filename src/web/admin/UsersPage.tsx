// Placeholder until the administration pages land (issue 3, in progress).
export function UsersPage() {
  return null;
}
