/** PGlite always; PostgreSQL too when TEST_DATABASE_URL names a server database we may create databases beside. */
export type Engine = 'pglite' | 'postgres';
export const engines: Engine[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export function serverUrl(dbName: string): string {
  const u = new URL(process.env.TEST_DATABASE_URL!);
  u.pathname = `/${dbName}`;
  return u.toString();
}
