import type { Me } from './api/types';

/** A registrar (文书) of the unit of the post the person acts in. */
export const isRegistrar = (me: Me): boolean => {
  const unitId = me.posts.find((p) => p.id === me.currentPostId)?.unitId;
  return Boolean(unitId) && me.roles.some((r) => r.role === 'registrar' && r.unitIds.includes(unitId!));
};
