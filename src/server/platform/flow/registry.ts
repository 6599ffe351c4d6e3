import { and, desc, eq } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client';
import { canonicalJson } from '../audit/canonical';
import { checkFlow, type FlowDef, type StepDef } from './definition';
import { flowDefinition } from './schema';

const declared = new Map<string, FlowDef>();
const cache = new Map<string, FlowDef>();

/** A module declares its flow once, at import time; a definition with problems stops the server starting. */
export function declareFlow(def: FlowDef): FlowDef {
  const problems = checkFlow(def);
  if (problems.length) throw new Error(`flow ${def.key} is unsound: ${problems.join('; ')}`);
  declared.set(def.key, def);
  return def;
}

/**
 * The version new items start with: the stored latest when it equals the declared definition, or a new
 * version stored now. Items already running keep the version they started with.
 */
export async function currentVersion(tx: Tx, key: string, now: Date): Promise<{ version: number; def: FlowDef }> {
  const def = declared.get(key);
  if (!def) throw new Error(`flow ${key} not declared`);
  const [latest] = await tx
    .select()
    .from(flowDefinition)
    .where(eq(flowDefinition.key, key))
    .orderBy(desc(flowDefinition.version))
    .limit(1);
  if (latest && canonicalJson(latest.definition) === canonicalJson(def)) return { version: latest.version, def };
  const version = (latest?.version ?? 0) + 1;
  await tx.insert(flowDefinition).values({ key, version, definition: def, createdAt: now }).onConflictDoNothing();
  return { version, def };
}

/** The definition an item runs on, as stored. */
export async function definitionAt(db: Queryable, key: string, version: number): Promise<FlowDef> {
  const k = `${key}@${version}`;
  const hit = cache.get(k);
  if (hit) return hit;
  const [row] = await db
    .select()
    .from(flowDefinition)
    .where(and(eq(flowDefinition.key, key), eq(flowDefinition.version, version)));
  if (!row) throw new Error(`flow ${k} not stored`);
  const def = row.definition as FlowDef;
  cache.set(k, def);
  return def;
}

export function stepOf(def: FlowDef, key: string): StepDef {
  const s = def.steps.find((x) => x.key === key);
  if (!s) throw new Error(`flow ${def.key} has no step ${key}`);
  return s;
}
