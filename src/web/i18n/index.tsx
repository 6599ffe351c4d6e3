import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { zhCN, en } from './messages';
import { adminZhCN, adminEn } from './admin-messages';
import { incomingZhCN, incomingEn } from './incoming-messages';
import { flowZhCN, flowEn } from './flow-messages';
import { outgoingZhCN, outgoingEn } from './outgoing-messages';
import { tokenZhCN, tokenEn } from './token-messages';

export type Lang = 'zh-CN' | 'en';
export type MessageKey =
  | keyof typeof zhCN
  | keyof typeof adminZhCN
  | keyof typeof incomingZhCN
  | keyof typeof flowZhCN
  | keyof typeof outgoingZhCN
  | keyof typeof tokenZhCN;
type Catalog = Record<MessageKey, string>;

const catalogs: Record<Lang, Catalog> = {
  'zh-CN': { ...zhCN, ...adminZhCN, ...incomingZhCN, ...flowZhCN, ...outgoingZhCN, ...tokenZhCN },
  en: { ...en, ...adminEn, ...incomingEn, ...flowEn, ...outgoingEn, ...tokenEn },
};

const STORAGE_KEY = 'zs.lang';

function initialLang(): Lang {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return saved === 'en' ? 'en' : 'zh-CN';
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = catalogs[lang][key] ?? catalogs['zh-CN'][key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
}

/** A value the server sends in Chinese (密级, 紧急程度, a step name); shown as is in Chinese, translated if known. */
function translateValue(lang: Lang, value: string): string {
  if (lang === 'zh-CN') return value;
  const key = `value.${value}` as MessageKey;
  return catalogs.en[key] ?? value;
}

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t: Translate;
  tv(value: string | null | undefined): string;
  /** A failed request as the user should read it: the server's specific Chinese message, or in English the catalog's text for its code. */
  te(error: unknown): string;
}

function errorText(lang: Lang, error: unknown): string {
  const e = error as { code?: string; message?: string; status?: number } | null;
  if (!e || typeof e !== 'object' || e.status === 0 || !e.message) return translate(lang, 'error.network');
  if (lang === 'zh-CN') return e.message;
  const key = `error.code.${e.code}` as MessageKey;
  return key in catalogs.en ? catalogs.en[key] : translate(lang, 'error.generic');
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE_KEY, l);
    document.documentElement.lang = l;
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      tv: (v) => (v ? translateValue(lang, v) : ''),
      te: (e) => errorText(lang, e),
    }),
    [lang, setLang],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
