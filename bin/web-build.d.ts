export const DEFAULT_OUT: string;
export function buildWebIfStale(opts?: { force?: boolean; outDir?: string }): Promise<boolean>;
