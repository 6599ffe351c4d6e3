import { execFileSync } from 'node:child_process';

// The faces GB/T 9704 names (DOMAIN.md §2.2) and, for a PDF made on a machine without them, free stand-ins.
// A .docx carries only family names: the office that opens it has the commercial fonts, a server rarely does.
// Every .docx the server writes uses them (发文's 公文, 督办's 督办通知单), so they live in the kernel.

export interface DocxFonts {
  /** 仿宋: body and most elements. */
  fangsong: string;
  /** 小标宋: title, red header. */
  xiaobiaosong: string;
  /** 黑体: level-1 headings, 密级, 紧急程度, 附件N, 出席. */
  heiti: string;
  /** 楷体: level-2 headings, 签发人 names. */
  kaiti: string;
  /** 宋体: page numbers. */
  songti: string;
}
export type DocxFontRole = keyof DocxFonts;

export const STANDARD_FONTS: DocxFonts = {
  fangsong: '仿宋_GB2312',
  xiaobiaosong: '方正小标宋简体',
  heiti: '黑体',
  kaiti: '楷体_GB2312',
  songti: '宋体',
};

/**
 * Other names of the standard faces, then free faces, best first. `bold`: the stand-in is lighter than the face it
 * replaces (小标宋 is a heavy display face; Noto Serif CJK Regular is not), so the renderer sets it in bold.
 */
const FALLBACKS: Record<DocxFontRole, { family: string; bold?: boolean }[]> = {
  fangsong: [
    { family: 'FangSong_GB2312' },
    { family: '方正仿宋_GBK' },
    { family: 'FangSong' },
    { family: '仿宋' },
    { family: 'STFangsong' },
    { family: 'Noto Serif CJK SC' },
    { family: 'Source Han Serif SC' },
    { family: 'AR PL UMing CN' },
  ],
  xiaobiaosong: [
    { family: '方正小标宋_GBK' },
    { family: 'FZXiaoBiaoSong-B05S' },
    { family: 'Noto Serif CJK SC Black' },
    { family: 'Noto Serif CJK SC', bold: true },
    { family: 'Source Han Serif SC', bold: true },
    { family: 'AR PL UMing CN', bold: true },
  ],
  heiti: [
    { family: 'SimHei' },
    { family: '方正黑体_GBK' },
    { family: 'Noto Sans CJK SC' },
    { family: 'Source Han Sans SC' },
    { family: 'WenQuanYi Zen Hei' },
  ],
  kaiti: [
    { family: 'KaiTi_GB2312' },
    { family: '方正楷体_GBK' },
    { family: 'KaiTi' },
    { family: '楷体' },
    { family: 'STKaiti' },
    { family: 'AR PL UKai CN' },
    { family: 'Noto Serif CJK SC' },
    { family: 'Source Han Serif SC' },
  ],
  songti: [
    { family: 'SimSun' },
    { family: 'Noto Serif CJK SC' },
    { family: 'Source Han Serif SC' },
    { family: 'AR PL UMing CN' },
  ],
};

export interface PickedFonts {
  fonts: DocxFonts;
  /** Roles whose stand-in is set in bold. */
  embolden: DocxFontRole[];
}

/**
 * For each role: the configured family if installed, else the standard's, else the first installed stand-in; a
 * role with nothing installed keeps its configured or standard name (the converter then substitutes by itself).
 */
export function pickFonts(configured: Partial<DocxFonts>, installed: ReadonlySet<string>): PickedFonts {
  const fonts = { ...STANDARD_FONTS };
  const embolden: DocxFontRole[] = [];
  for (const role of Object.keys(STANDARD_FONTS) as DocxFontRole[]) {
    const wanted = configured[role] || STANDARD_FONTS[role];
    const stand = [{ family: wanted }, { family: STANDARD_FONTS[role] }, ...FALLBACKS[role]].find((f) => installed.has(f.family));
    fonts[role] = stand?.family ?? wanted;
    if (stand && 'bold' in stand && stand.bold) embolden.push(role);
  }
  return { fonts, embolden };
}

/** Family names fontconfig knows (every localised name of each family); empty where fc-list is missing. */
function installedFamilies(): Set<string> {
  try {
    const out = execFileSync('fc-list', ['--format', '%{family}\n'], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return new Set(
      out
        .split(/[\n,]/u)
        .map((f) => f.trim())
        .filter(Boolean),
    );
  } catch {
    return new Set();
  }
}

let cached: Set<string> | null = null;

/** The fonts to write into a .docx meant for conversion to PDF on this machine. fc-list runs once per process. */
export function fontsForPdf(configured: Partial<DocxFonts> = {}): PickedFonts {
  cached ??= installedFamilies();
  return pickFonts(configured, cached);
}
