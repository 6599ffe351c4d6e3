import { defineConfig } from 'drizzle-kit';

// Every table is in a schema.ts: the organisation's, the kernel's (one per mechanism) and each module's own, found
// by these globs — a new module's tables need no line here.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/server/org/schema.ts', './src/server/platform/*/schema.ts', './src/server/modules/*/schema.ts'],
  out: './migrations',
});
