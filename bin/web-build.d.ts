export function buildWebIfStale(opts?: { force?: boolean }): Promise<boolean>;
