import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { zhCN, en } from './messages';
import { adminZhCN, adminEn } from './admin-messages';
import { flowZhCN, flowEn } from './flow-messages';
import { tokenZhCN, tokenEn } from './token-messages';
import { WEB_MODULES, type WebModule } from '../modules';

export type Lang = 'zh-CN' | 'en';

/** The keys of a module's text, from its declaration's type. */
type KeysOf<M> = M extends WebModule<infer K> ? K : never;

/** Every key of the app's text: the shell's own (these catalogs) and each module's in WEB_MODULES. */
export type MessageKey =
  | keyof typeof zhCN
  | keyof typeof adminZhCN
  | keyof typeof flowZhCN
  | keyof typeof tokenZhCN
  | KeysOf<(typeof WEB_MODULES)[number]>;
type Catalog = Record<MessageKey, string>;

/** The shell's text: the application around the modules, administration, the flow panels, API tokens. */
const SHELL: Record<Lang, Record<string, string>[]> = {
  'zh-CN': [zhCN, adminZhCN, flowZhCN, tokenZhCN],
  en: [en, adminEn, flowEn, tokenEn],
};

let merged: Record<Lang, Catalog> | undefined;

/**
 * The shell's catalog with every module's, put together on first use, not when this file is evaluated: the module
 * list imports the pages, which import this file, so WEB_MODULES may not be there yet while it is.
 */
function catalog(lang: Lang): Catalog {
  merged ??= {
    'zh-CN': Object.assign({}, ...SHELL['zh-CN'], ...WEB_MODULES.map((m) => m.messages['zh-CN'])) as Catalog,
    en: Object.assign({}, ...SHELL.en, ...WEB_MODULES.map((m) => m.messages.en)) as Catalog,
  };
  return merged[lang];
}

/** Whether some catalog (the shell's or a module's) has the key: for keys made from data (an opinion kind's label). */
export const hasMessage = (key: string): key is MessageKey => key in catalog('zh-CN');

const STORAGE_KEY = 'zs.lang';

function initialLang(): Lang {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return saved === 'en' ? 'en' : 'zh-CN';
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = catalog(lang)[key] ?? catalog('zh-CN')[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
}

/** A value the server sends in Chinese (密级, 紧急程度, a step name); shown as is in Chinese, translated if known. */
function translateValue(lang: Lang, value: string): string {
  if (lang === 'zh-CN') return value;
  const key = `value.${value}` as MessageKey;
  return catalog('en')[key] ?? value;
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
  return key in catalog('en') ? catalog('en')[key] : translate(lang, 'error.generic');
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
