export const DEFAULT_OUT: string;
export function buildWebIfStale(opts?: {
  force?: boolean;
  outDir?: string;
  log?: (line: string) => void;
  viteBuild?: (config: { build: { outDir: string } }) => Promise<unknown>;
}): Promise<boolean>;
export function precompress(dir: string): Promise<{ files: number; before: number; after: number }>;
