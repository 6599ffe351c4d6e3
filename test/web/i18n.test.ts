import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en, zhCN } from '../../src/web/i18n/messages';
import { adminEn, adminZhCN } from '../../src/web/i18n/admin-messages';
import { incomingEn, incomingZhCN } from '../../src/web/i18n/incoming-messages';
import { flowEn, flowZhCN } from '../../src/web/i18n/flow-messages';
import { outgoingEn, outgoingZhCN } from '../../src/web/i18n/outgoing-messages';
import { tokenEn, tokenZhCN } from '../../src/web/i18n/token-messages';

const CJK = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;
const WEB = join(process.cwd(), 'src', 'web');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'i18n' ? [] : sources(p);
    return /\.(tsx?|css)$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
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

  it('English has every key, and no Chinese except the name of the Chinese language itself', () => {
    for (const [zh, english] of [
      [zhCN, en],
      [adminZhCN, adminEn],
      [incomingZhCN, incomingEn],
      [flowZhCN, flowEn],
      [outgoingZhCN, outgoingEn],
      [tokenZhCN, tokenEn],
    ] as [Record<string, string>, Record<string, string>][]) {
      expect(Object.keys(english).sort()).toEqual(Object.keys(zh).sort());
      // The name of the Chinese language, and an example of a real 发文字号, are Chinese in any language.
      const chinese = Object.entries(english).filter(
        ([k, v]) => k !== 'lang.other' && k !== 'incoming.docNo.hint' && CJK.test(v),
      );
      expect(chinese).toEqual([]);
      expect(Object.entries(english).filter(([, v]) => !v.trim())).toEqual([]);
    }
  });

  it('Chinese is complete: no empty text and no English sentences left in the zh-CN catalog', () => {
    for (const zh of [zhCN, adminZhCN, incomingZhCN, flowZhCN, outgoingZhCN, tokenZhCN] as Record<string, string>[]) {
      // 'English' (the language switch) is the one entry meant to be in English.
      const untranslated = Object.entries(zh).filter(
        ([k, v]) => k !== 'lang.other' && (!v.trim() || (!CJK.test(v) && /[a-z]{3,}/i.test(v))),
      );
      expect(untranslated).toEqual([]);
    }
  });
});
