import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's minimum parameters (19 MiB, t=2, p=1); @node-rs/argon2 defaults to argon2id.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

// Verified against when the user name is unknown, so the response time does not reveal which names exist.
let decoy: Promise<string> | null = null;
export async function burnVerification(password: string): Promise<void> {
  decoy ??= hashPassword('decoy-password-Zs1!');
  await verifyPassword(await decoy, password);
}

/** The password rules: ≥ 8 characters, 3 of 4 character classes, not the user name. Returns problems in Chinese. */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < 8) problems.push('密码至少 8 位');
  if (password.length > 128) problems.push('密码不能超过 128 位');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('密码须包含大写字母、小写字母、数字、符号中的至少 3 类');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('密码不能包含用户名');
  return problems;
}
