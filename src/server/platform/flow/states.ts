import type { FlowDef } from './definition';
import { moduleOf } from '../modules/registry';

// An item's state is a machine key — a step key of its flow while it runs, `closed` when its flow ended in the
// ordinary way, or a state its module names (registered, voided, returned …). Code compares keys; people read
// names, which live in the flow data (a step's name) and the module's declaration (its other states). Renaming a
// step in a new flow version renames it on every page and breaks no comparison.

/** The state an item's flow ends in by default (办结). */
export const CLOSED = 'closed';

/** States the kernel itself sets, with their names. */
const KERNEL_STATES: Record<string, string> = { [CLOSED]: '已办结' };

/** The name people read for a state of an item of this kind; the key itself for a state nobody declared. */
export function stateName(kind: string, state: string): string {
  const mod = moduleOf(kind);
  for (const f of mod?.flows ?? []) {
    const step = f.steps.find((s) => s.key === state);
    if (step) return step.name;
  }
  return mod?.states?.[state] ?? KERNEL_STATES[state] ?? state;
}

/** Every state an item of the flow can be in, in the flow's order: its state before the flow, each step, the ends. */
export function flowStates(def: FlowDef, kind: string, initial: string | null): { key: string; name: string }[] {
  const ends = def.steps.flatMap((s) => Object.values(s.endStates ?? {}));
  const keys = [...new Set([...(initial ? [initial] : []), ...def.steps.map((s) => s.key), CLOSED, ...ends])];
  return keys.map((key) => ({ key, name: stateName(kind, key) }));
}
