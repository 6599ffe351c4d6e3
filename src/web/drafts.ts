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
      const safe = Object.fromEntries(Object.entries(all).filter(([k, v]) => !/password/i.test(k) && v !== undefined && !isDayjs(v)));
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
