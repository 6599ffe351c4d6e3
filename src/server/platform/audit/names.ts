import { and, eq, inArray } from 'drizzle-orm';
import type { Classification } from '../../../contract/common';
import type { Queryable } from '../db/client';
import { TITLE_WITHHELD, rank, titleFor } from '../access/classification';
import { department, delegation, person, post, unit } from '../../org/schema';
import { item } from '../items/schema';
import { task } from '../flow/schema';
import { docNumber, docRegister } from '../numbering/schema';
import { file } from '../files/schema';
import { apiToken } from '../auth/schema';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every identifier in an event's summary (at any depth), to be named. */
function collectIds(value: unknown, into: Set<string>) {
  if (typeof value === 'string') {
    if (UUID.test(value)) into.add(value.toLowerCase());
  } else if (Array.isArray(value)) {
    for (const v of value) collectIds(v, into);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) collectIds(v, into);
  }
}

interface Reader {
  clearance: Classification;
}

/**
 * Names for the identifiers events carry, as the auditor may read them: people, units, departments, posts,
 * documents (title and 文号; a title classified above the reader's clearance withheld, as in every list),
 * tasks (by their document), files, 文号, registers, delegations, API tokens. An identifier that names
 * nothing any more stays as it is.
 */
async function nameIds(
  db: Queryable,
  reader: Reader,
  ids: Set<string>,
): Promise<{ names: Map<string, string>; withheld: Set<string> }> {
  const names = new Map<string, string>();
  const withheld = new Set<string>();
  const list = [...ids];
  if (!list.length) return { names, withheld };
  const [people, units, departments, posts, tasks, numbers, registers, files, tokens, delegations] = await Promise.all([
    db.select({ id: person.id, name: person.name }).from(person).where(inArray(person.id, list)),
    db.select({ id: unit.id, name: unit.name }).from(unit).where(inArray(unit.id, list)),
    db
      .select({ id: department.id, name: department.name, unitName: unit.shortName })
      .from(department)
      .innerJoin(unit, eq(unit.id, department.unitId))
      .where(inArray(department.id, list)),
    db
      .select({ id: post.id, title: post.title, name: person.name })
      .from(post)
      .innerJoin(person, eq(person.id, post.personId))
      .where(inArray(post.id, list)),
    db.select({ id: task.id, itemId: task.itemId, step: task.step }).from(task).where(inArray(task.id, list)),
    db.select({ id: docNumber.id, docNo: docNumber.docNo }).from(docNumber).where(inArray(docNumber.id, list)),
    db.select({ id: docRegister.id, name: docRegister.name }).from(docRegister).where(inArray(docRegister.id, list)),
    db.select({ id: file.id, name: file.name, classification: file.classification }).from(file).where(inArray(file.id, list)),
    db.select({ id: apiToken.id, name: apiToken.name }).from(apiToken).where(inArray(apiToken.id, list)),
    db
      .select({ id: delegation.id, from: delegation.fromPersonId, to: delegation.toPersonId })
      .from(delegation)
      .where(inArray(delegation.id, list)),
  ]);
  for (const p of people) names.set(p.id, p.name);
  for (const u of units) names.set(u.id, u.name);
  for (const d of departments) names.set(d.id, `${d.unitName}${d.name}`);
  for (const p of posts) names.set(p.id, `${p.name}（${p.title}）`);
  for (const n of numbers) names.set(n.id, n.docNo);
  for (const r of registers) names.set(r.id, r.name);
  for (const f of files) names.set(f.id, titleFor(reader, f.classification as Classification, f.name));
  for (const t of tokens) names.set(t.id, t.name);

  const itemIds = [...new Set([...list, ...tasks.map((t) => t.itemId)])];
  const items = await db
    .select({
      id: item.id,
      title: item.title,
      classification: item.classification,
      registryNo: item.registryNo,
      docNo: docNumber.docNo,
    })
    .from(item)
    .leftJoin(docNumber, and(eq(docNumber.itemId, item.id), eq(docNumber.state, 'used')))
    .where(inArray(item.id, itemIds));
  const itemNames = new Map<string, string>();
  for (const i of items) {
    if (rank(reader.clearance) < rank(i.classification as Classification)) withheld.add(i.id);
    const title = titleFor(reader, i.classification as Classification, i.title);
    const no = i.docNo ?? i.registryNo;
    itemNames.set(i.id, no ? `${title}（${no}）` : title);
  }
  for (const [id, name] of itemNames) if (ids.has(id)) names.set(id, name);
  for (const t of tasks) {
    const of = itemNames.get(t.itemId);
    if (of) names.set(t.id, `${t.step} · ${of}`);
  }

  const delegates = delegations.flatMap((d) => [d.from, d.to]).filter((id) => !names.has(id));
  const more = delegates.length
    ? await db.select({ id: person.id, name: person.name }).from(person).where(inArray(person.id, delegates))
    : [];
  const personName = (id: string) => names.get(id) ?? more.find((p) => p.id === id)?.name ?? id;
  for (const d of delegations) names.set(d.id, `${personName(d.from)} → ${personName(d.to)}`);
  return { names, withheld };
}

/** A summary of an event about a document the reader may not see the title of: its titles withheld too. */
function withholdTitles(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withholdTitles);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === 'title' && typeof v === 'string' ? TITLE_WITHHELD : withholdTitles(v)]),
  );
}

/** The names an event needs: its object's and those of the identifiers in its summary. */
export async function nameEvents<E extends { targetId: string | null; summary: unknown }>(
  db: Queryable,
  reader: Reader,
  events: E[],
): Promise<(E & { targetName: string | null; names: Record<string, string> })[]> {
  const all = new Set<string>();
  const perEvent = events.map((e) => {
    const ids = new Set<string>();
    if (e.targetId && UUID.test(e.targetId)) ids.add(e.targetId.toLowerCase());
    collectIds(e.summary, ids);
    for (const id of ids) all.add(id);
    return ids;
  });
  const { names, withheld } = await nameIds(db, reader, all);
  return events.map((e, i) => ({
    ...e,
    summary: e.targetId && withheld.has(e.targetId.toLowerCase()) ? withholdTitles(e.summary) : e.summary,
    targetName: e.targetId ? (names.get(e.targetId.toLowerCase()) ?? null) : null,
    names: Object.fromEntries([...perEvent[i]!].filter((id) => names.has(id)).map((id) => [id, names.get(id)!])),
  }));
}

/** Breaks of chains with the office (unit) each chain is kept for named; the system chain has no name. */
export async function nameChains<B extends { chain: string }>(
  db: Queryable,
  breaks: B[],
): Promise<(B & { chainName: string | null })[]> {
  const ids = [...new Set(breaks.map((b) => b.chain).filter((c) => UUID.test(c)))];
  const rows = ids.length ? await db.select({ id: unit.id, name: unit.name }).from(unit).where(inArray(unit.id, ids)) : [];
  const names = new Map(rows.map((r) => [r.id, r.name]));
  return breaks.map((b) => ({ ...b, chainName: names.get(b.chain) ?? null }));
}
