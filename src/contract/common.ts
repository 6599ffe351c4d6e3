import { z } from 'zod';

/** 密级, in ascending order. Only the last three are 国家秘密 (DOMAIN.md §3.2). */
export const CLASSIFICATIONS = ['公开', '内部', '秘密', '机密', '绝密'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];
export const classificationSchema = z.enum(CLASSIFICATIONS);
/** 公开: the level that carries no marking. */
export const UNMARKED: Classification = CLASSIFICATIONS[0];
/** 秘密, 机密 and 绝密 are state secrets (国家秘密); 公开 and 内部 are not. */
const STATE_SECRET_LEVELS: readonly Classification[] = ['秘密', '机密', '绝密'];
export const isStateSecret = (level: string | null | undefined): boolean =>
  (STATE_SECRET_LEVELS as readonly string[]).includes(level ?? '');

export const URGENCIES = ['特急', '加急', '平急', '特提'] as const;
export const urgencySchema = z.enum(URGENCIES);

/**
 * Characters that show as nothing or reorder what follows: zero-width spaces and joiners, the soft hyphen, bidi
 * embeddings, overrides and isolates. No Chinese official title needs one, and in a list they can make a title
 * look like another (‮ turns the rest around). Titles are kept without them.
 */
const INVISIBLE = /[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
export const withoutInvisible = (s: string): string => s.replace(INVISIBLE, '');
/** A title as people read it in lists: invisible characters removed, then trimmed. */
export const titleText = () => z.string().overwrite(withoutInvisible).trim();
/** The longest title a document may have; forms count towards it and say when it is passed, never cut. */
export const TITLE_MAX = 300;

export const idSchema = z.uuid({ error: '标识格式不正确' });
export const isoDateSchema = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string().optional(),
  }),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
