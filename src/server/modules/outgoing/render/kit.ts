import type { OrganRef } from '../../../../contract/outgoing-draft';
import { STANDARD_FONTS, type DocxFontRole, type DocxFonts } from '../../../platform/pdf/docx-fonts';
import type { RunStyle } from './ooxml';
import { SIZE } from './page';

/** What every part of the layout needs: the faces, and which of them to embolden. */
export interface Kit {
  fonts: DocxFonts;
  embolden: ReadonlySet<DocxFontRole>;
}

export function makeKit(fonts: Partial<DocxFonts> = {}, embolden: readonly DocxFontRole[] = []): Kit {
  const chosen = { ...STANDARD_FONTS };
  for (const role of Object.keys(STANDARD_FONTS) as DocxFontRole[]) chosen[role] = fonts[role] || STANDARD_FONTS[role];
  return { fonts: chosen, embolden: new Set(embolden) };
}

/** Run properties for a face at a size (3号 unless given). */
export function face(kit: Kit, role: DocxFontRole, extra: RunStyle = {}): RunStyle {
  return { font: kit.fonts[role], size: SIZE.san, ...(kit.embolden.has(role) ? { bold: true } : {}), ...extra };
}

/** The red of the header and its rule (GB/T 9704: red ink Y80% M80%; screens and Word show pure red). */
export const RED = 'FF0000';

/**
 * Organs in a 主送 or 抄送 line: 、 between single organs, ， between classes that themselves hold a 、
 * (各省、自治区、直辖市人民政府，国务院各部委、各直属机构) [P].
 */
export function organList(refs: readonly OrganRef[]): string {
  const names = refs.map((r) => r.name);
  return names.join(names.some((n) => n.includes('、')) ? '，' : '、');
}
