import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { en, zhCN } from '../../src/web/i18n/messages';
import { adminEn, adminZhCN } from '../../src/web/i18n/admin-messages';
import { flowEn, flowZhCN } from '../../src/web/i18n/flow-messages';
import { tokenEn, tokenZhCN } from '../../src/web/i18n/token-messages';

type Catalog = Record<string, string>;
interface ModuleText {
  key: string;
  messages: { 'zh-CN': Catalog; en: Catalog };
}

// The module list imports the pages (JSX, the web's own program, tsconfig.web.json), so it is loaded when the test
// runs rather than typed here: every module it lists is checked, and a new one needs no line in this file. The API
// client reads its CSRF token from the browser's session storage as it loads; node has none.
vi.stubGlobal('sessionStorage', { getItem: () => null });
const MODULE_LIST = '../../src/web/modules.tsx';
const { WEB_MODULES } = (await import(MODULE_LIST)) as { WEB_MODULES: ModuleText[] };

type Named = [name: string, zh: Catalog, english: Catalog];
/** The shell's catalogs (web/i18n), each named for a failure. */
const SHELL: Named[] = [
  ['messages', zhCN, en],
  ['admin', adminZhCN, adminEn],
  ['flow', flowZhCN, flowEn],
  ['token', tokenZhCN, tokenEn],
];
/** Every catalog of the app: the shell's, then each module's. */
const CATALOGS: Named[] = [...SHELL, ...WEB_MODULES.map((m): Named => [m.key, m.messages['zh-CN'], m.messages.en])];

const CJK = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;
const WEB = join(process.cwd(), 'src', 'web');

/** Source files of the web app, without the catalogs: the shell's in i18n/, a module's its folder's messages.ts. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'i18n' ? [] : sources(p);
    return /\.(tsx?|css)$/.test(name) && !name.endsWith('.test.ts') && name !== 'messages.ts' ? [p] : [];
  });
}

describe('UI text comes from the catalogs', () => {
  it('no component or page contains Chinese text of its own', () => {
    const offenders = sources(WEB).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ file: file.slice(WEB.length + 1), line: i + 1, text: line.trim() }))
        .filter((l) => CJK.test(l.text) && !l.text.startsWith('//') && !l.text.startsWith('*') && !l.text.startsWith('/*')),
    );
    expect(offenders).toEqual([]);
  });

  it('the module list is read: 收文 and 发文 carry their catalogs', () => {
    expect(WEB_MODULES.map((m) => m.key)).toEqual(expect.arrayContaining(['incoming', 'outgoing']));
  });

  it('English has every key, and no Chinese except the name of the Chinese language itself', () => {
    for (const [name, zh, english] of CATALOGS) {
      expect(Object.keys(english).sort(), name).toEqual(Object.keys(zh).sort());
      // The name of the Chinese language, and an example of a real 发文字号, are Chinese in any language.
      const chinese = Object.entries(english).filter(
        ([k, v]) => k !== 'lang.other' && k !== 'incoming.docNo.hint' && CJK.test(v),
      );
      expect(chinese, name).toEqual([]);
      expect(
        Object.entries(english).filter(([, v]) => !v.trim()),
        name,
      ).toEqual([]);
    }
  });

  it('Chinese is complete: no empty text and no English sentences left in the zh-CN catalog', () => {
    for (const [name, zh] of CATALOGS) {
      // 'English' (the language switch) is the one entry meant to be in English.
      const untranslated = Object.entries(zh).filter(
        ([k, v]) => k !== 'lang.other' && (!v.trim() || (!CJK.test(v) && /[a-z]{3,}/i.test(v))),
      );
      expect(untranslated, name).toEqual([]);
    }
  });

  it("a module defines only its own keys: words several pages use are the shell's, once", () => {
    const shell = new Set(SHELL.flatMap(([, zh]) => Object.keys(zh)));
    const owner = new Map<string, string>();
    const twice = WEB_MODULES.flatMap((m) =>
      Object.keys(m.messages['zh-CN']).flatMap((key) => {
        const other = shell.has(key) ? 'the shell' : owner.get(key);
        owner.set(key, m.key);
        return other ? [`${key}: ${m.key} and ${other}`] : [];
      }),
    );
    expect(twice).toEqual([]);
  });
});
