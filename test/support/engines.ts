/** PGlite always; PostgreSQL too when TEST_DATABASE_URL names a server database we may create databases beside. */
export type Engine = 'pglite' | 'postgres';
export const engines: Engine[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export function serverUrl(dbName: string): string {
  const u = new URL(process.env.TEST_DATABASE_URL!);
  u.pathname = `/${dbName}`;
  return u.toString();
}

/**
 * Test databases of one run are named after its template (zs_tpl_<pid> → zs_t_<pid>_…), so that a run ending
 * drops its own and not those of another run going on beside it on the same server.
 */
export const runDatabasePrefix = (template: string) => `zs_t_${template.replace(/^zs_tpl_/u, '')}_`;
