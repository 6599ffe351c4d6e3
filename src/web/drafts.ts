import { useEffect, useRef, useState } from 'react';
import type { FormInstance } from 'antd';

const PREFIX = 'zs.draft.';

/**
 * Keeps what the user typed into a form in localStorage, so a session that expires mid-form loses
 * nothing: after signing in again the form comes back filled. Passwords are never stored.
 */
export function useFormDraft<T extends object>(form: FormInstance<T>, key: string) {
  const storageKey = PREFIX + key;
  const [restored, setRestored] = useState(false);
  const loaded = useRef(false);

  useEffect(() => {
    if (loaded.current) return;
    loaded.current = true;
    const saved = localStorage.getItem(storageKey);
    if (!saved) return;
    try {
      form.setFieldsValue(JSON.parse(saved) as Parameters<FormInstance<T>['setFieldsValue']>[0]);
      setRestored(true);
    } catch {
      localStorage.removeItem(storageKey);
    }
  }, [form, storageKey]);

  return {
    restored,
    /** Pass as the Form's onValuesChange. */
    onValuesChange: (_: unknown, all: T) => {
      const safe = Object.fromEntries(
        Object.entries(all).filter(([k, v]) => !/password/i.test(k) && v !== undefined && !isDayjs(v)),
      );
      localStorage.setItem(storageKey, JSON.stringify(safe));
    },
    clear: () => {
      localStorage.removeItem(storageKey);
      setRestored(false);
    },
  };
}

function isDayjs(v: unknown): boolean {
  return typeof v === 'object' && v !== null && '$d' in v;
}

/**
 * The same for state kept outside a Form (a structured editor): the value is saved as it changes and comes
 * back after a sign-in. `key` null keeps nothing (e.g. while there is nothing to edit yet).
 */
export function useStoredState<T>(key: string | null, initial: () => T) {
  const storageKey = key ? PREFIX + key : null;
  const read = (): { value: T; restored: boolean } => {
    const saved = storageKey ? localStorage.getItem(storageKey) : null;
    if (saved) {
      try {
        return { value: JSON.parse(saved) as T, restored: true };
      } catch {
        if (storageKey) localStorage.removeItem(storageKey);
      }
    }
    return { value: initial(), restored: false };
  };
  const [state, setState] = useState(read);
  const [forKey, setForKey] = useState(storageKey);
  if (forKey !== storageKey) {
    // Another document (or version) is being edited: start from what is stored for it.
    setForKey(storageKey);
    setState(read());
  }
  return {
    value: state.value,
    restored: state.restored,
    set: (value: T) => {
      if (storageKey) localStorage.setItem(storageKey, JSON.stringify(value));
      setState((s) => ({ ...s, value }));
    },
    /** Forgets the stored value and starts again from `next` (or the initial value). */
    clear: (next?: T) => {
      if (storageKey) localStorage.removeItem(storageKey);
      setState({ value: next ?? initial(), restored: false });
    },
  };
}
