import { draftSchema, type Draft, type OrganRef } from '../../../contract/outgoing-draft';
import type { Genre } from '../../../contract/official-document';
import { UNMARKED } from '../../../contract/common';

/** The draft as it is being edited: the 文种 may not be chosen yet. */
export type EditorDraft = Omit<Draft, 'genre'> & { genre: Genre | null };

export function newDraft(issuer: OrganRef | null): EditorDraft {
  return {
    format: 'standard',
    genre: null,
    direction: 'down',
    issuers: issuer ? [issuer] : [],
    headerName: null,
    headerWithWenjian: true,
    docNo: null,
    signers: [],
    copyNo: null,
    classification: UNMARKED,
    secrecyTerm: null,
    urgency: null,
    title: '',
    mainRecipients: [],
    body: [{ level: 0, text: '' }],
    attachments: [],
    signatureNames: issuer ? [issuer.name] : [],
    writtenDate: null,
    sealed: true,
    note: null,
    ccRecipients: [],
    printedBy: null,
    printedDate: null,
    attendance: null,
    flags: { directAssignment: false, important: false },
  };
}

const blankToNull = (s: string | null) => (s && s.trim() ? s.trim() : null);

/**
 * The draft to check or save. Trailing empty paragraphs are left out (the one the cursor is in while typing);
 * with `tidy`, every empty paragraph and attachment line goes, as when saving.
 */
export function toDraft(e: EditorDraft, tidy = false): Draft | null {
  if (!e.genre) return null;
  let body = e.body;
  if (tidy) body = body.filter((p) => p.text.trim());
  else {
    let end = body.length;
    while (end > 0 && !body[end - 1]!.text.trim()) end--;
    body = body.slice(0, end);
  }
  return {
    ...e,
    genre: e.genre,
    body,
    attachments: tidy ? e.attachments.filter((a) => a.title.trim()) : e.attachments,
    headerName: blankToNull(e.headerName),
    note: blankToNull(e.note),
    secrecyTerm: blankToNull(e.secrecyTerm),
    copyNo: blankToNull(e.copyNo),
  };
}

/** Problems of shape (a missing 文种 or 发文机关, a field too long) found before the server is asked. */
export function shapeIssues(e: EditorDraft): { path: (string | number)[]; message: string }[] {
  const d = toDraft(e);
  if (!d) return [{ path: ['genre'], message: '' }];
  const r = draftSchema.safeParse(d);
  return r.success
    ? []
    : r.error.issues.map((i) => ({
        path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
        message: i.message,
      }));
}

/** Where in the editor a path into the draft is: the id of the field to focus. */
function fieldIdOf(path: (string | number)[] | undefined, prefix = 'od'): string | null {
  if (!path?.length) return null;
  const [head, index] = path;
  if (head === 'body') return `${prefix}-body-${typeof index === 'number' ? index : 0}`;
  if (head === 'attachments') return `${prefix}-attachments-${typeof index === 'number' ? index : 0}`;
  return `${prefix}-${String(head)}`;
}

/** Moves the cursor to the field a finding is about, and shows where it is. */
export function focusField(path: (string | number)[] | undefined, prefix = 'od'): boolean {
  const id = fieldIdOf(path, prefix);
  const el = id ? document.getElementById(id) : null;
  if (!el) return false;
  const target = el.matches('input, textarea, button') ? el : el.querySelector<HTMLElement>('input, textarea, button');
  el.scrollIntoView({ block: 'center' });
  (target ?? el).focus();
  const box = el.closest<HTMLElement>('.od-para, .ant-form-item') ?? el;
  box.classList.add('od-flash');
  window.setTimeout(() => box.classList.remove('od-flash'), 1500);
  return true;
}
