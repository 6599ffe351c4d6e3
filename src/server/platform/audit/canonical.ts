import { createHash, createHmac } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the same content always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface ChainedFields {
  id: number;
  at: Date;
  actorPersonId: string | null;
  actorPostId: string | null;
  onBehalfOfPersonId: string | null;
  ip: string | null;
  requestId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  unitId: string | null;
  summary: unknown;
}

function canonicalRow(r: ChainedFields): string {
  return canonicalJson([
    r.id,
    r.at.toISOString(),
    r.actorPersonId,
    r.actorPostId,
    r.onBehalfOfPersonId,
    r.ip,
    r.requestId,
    r.action,
    r.targetType,
    r.targetId,
    r.unitId,
    r.summary,
  ]);
}

/** SM3(previous hash ‖ canonical row), hex: how rows were chained before the chain was keyed (legacy rows). */
export function chainHash(prevHash: string, r: ChainedFields): string {
  return createHash('sm3').update(prevHash).update(canonicalRow(r)).digest('hex');
}

/** HMAC-SM3(key; previous hash ‖ canonical row), hex: without the key nobody can re-chain the log after editing it. */
export function keyedChainHash(key: Buffer, prevHash: string, r: ChainedFields): string {
  return createHmac('sm3', key).update(prevHash).update(canonicalRow(r)).digest('hex');
}

/** Where a row sits: its chain (an office, or `system`) and its place in it, from 1. */
export interface ChainPlace {
  chain: string;
  chainSeq: number;
}

/**
 * HMAC-SM3(key; previous hash ‖ canonical [chain, place, …row]), hex: how rows are chained since per-office
 * chains (migration 0023) — the place is covered too, so a row cannot be renumbered or moved to another chain.
 */
export function placedChainHash(key: Buffer, prevHash: string, r: ChainedFields & ChainPlace): string {
  return createHmac('sm3', key)
    .update(prevHash)
    .update(canonicalJson([r.chain, r.chainSeq]))
    .update(canonicalRow(r))
    .digest('hex');
}
