import type { MessageKey, Translate } from '../i18n';
import { AUDIT_ACTIONS, AUDIT_TARGETS } from '../../contract/audit';

/** The actions the server records (the contract's list, which recordEvent takes), offered as search choices. */
export { AUDIT_ACTIONS, AUDIT_TARGETS };

export const actionKey = (a: string) => `admin.audit.action.${a}` as MessageKey;
export const targetKey = (t: string) => `admin.audit.target.${t}` as MessageKey;
const fieldKey = (f: string) => `admin.audit.field.${f}` as MessageKey;

/** A summary field's name; a field the catalog does not know keeps its code (translate answers a missing key with itself). */
export const fieldLabel = (t: Translate, f: string) => {
  const label = t(fieldKey(f));
  return label === fieldKey(f) ? f : label;
};
