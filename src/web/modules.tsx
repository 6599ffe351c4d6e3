import type { ReactNode } from 'react';
import type { ModuleKey } from '../contract/workbench';
import type { NavEntry } from './nav';
import type { Lang, MessageKey } from './i18n';
import type { Me } from './api/types';
import { incomingWeb } from './pages/incoming/module';
import { outgoingWeb } from './pages/outgoing/module';
import { supervisionWeb } from './pages/supervision/module';
import { meetingsWeb } from './pages/meetings/module';

/**
 * A module in the web app: its pages, their text and what its navigation offers beyond the module's own entry. `K` is
 * the keys of its text, so that `t()` takes them (web/i18n `MessageKey`) and no others.
 */
export interface WebModule<K extends string = string> {
  key: ModuleKey;
  /** The text of its pages in each language (its folder's `messages.ts`); words every page uses are the shell's. */
  messages: Record<Lang, Record<K, string>>;
  /**
   * Its pages. Each is for those whose navigation offers `allowedBy` (the module's own entry, `/<key>`, when not
   * given); a `bare` page renders without the application around it (a sheet to print).
   */
  pages: { path: string; element: ReactNode; allowedBy?: string; bare?: true }[];
  /** Entries a registrar (文书) of the unit sees under the module. */
  registrarNav?: NavEntry[];
  /**
   * The links between items this module makes, named each way (`to`: on the item the link starts from, `from`: on
   * the item it points to). A link no module names shows as a plain 关联, with a warning (a possible duplicate).
   */
  links?: Record<string, { to: MessageKey; from: MessageKey }>;
  /** Where a receiving unit opens an item this module sent it (签收 on the workbench); the item's page otherwise. */
  receivePath?: (itemId: string) => string;
  /**
   * How people make one of its items from another module's item (督办: 转督办 on a 收文, or beside a leader's 批示): the
   * link's text, the page it opens, the item kinds and opinion kinds it is offered on, and to whom (the server decides).
   */
  derives?: {
    label: MessageKey;
    allowed: (me: Me) => boolean;
    fromItems: string[];
    fromOpinions: string[];
    path: (sourceId: string, opinionId?: string) => string;
  };
}

/**
 * The office modules of this build, in navigation order. A module is its folder, its migration, one line in the
 * server's list (server/modules/index.ts) and one here. Not annotated as `WebModule[]`: web/i18n reads the keys of each
 * module's text from this list's type.
 */
export const WEB_MODULES = [incomingWeb, outgoingWeb, meetingsWeb, supervisionWeb] as const;

/** The name of a link kind each way, from the module that makes it; undefined for a kind no module names. */
export const linkLabels = (kind: string) => WEB_MODULES.find((m) => m.links?.[kind])?.links?.[kind];

/** Where a workbench row opens: a receiving task where its module receives it, else the item's page; null without pages. */
export function rowPath(row: { module: string; itemId: string; dispatchId: string | null }) {
  const m = WEB_MODULES.find((x) => x.key === row.module);
  if (!m) return null;
  return row.dispatchId && m.receivePath ? m.receivePath(row.itemId) : `/${row.module}/${row.itemId}`;
}

/** The links to make another module's item from this item (`on: 'item'`) or from one of its opinions, for this person. */
export function deriveLinks(me: Me, on: { itemKind: string; opinionKind?: string }) {
  return WEB_MODULES.flatMap((m) => {
    const d = m.derives;
    if (!d || !d.allowed(me)) return [];
    const offered = on.opinionKind ? d.fromOpinions.includes(on.opinionKind) : d.fromItems.includes(on.itemKind);
    return offered ? [{ key: m.key, label: d.label, path: d.path }] : [];
  });
}

/** Office modules that have pages in this build. */
export const BUILT_MODULES: readonly ModuleKey[] = WEB_MODULES.map((m) => m.key);
