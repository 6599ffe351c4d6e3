import type { Me } from './api/types';

/** A registrar (文书) of the unit of the post the person acts in. */
export const isRegistrar = (me: Me): boolean => {
  const unitId = me.posts.find((p) => p.id === me.currentPostId)?.unitId;
  return Boolean(unitId) && me.roles.some((r) => r.role === 'registrar' && r.unitIds.includes(unitId!));
};

/** Someone of a 督查室 (a supervisor grant): the one who opens 督办事项 (立项). The server decides for which unit. */
export const isSupervisor = (me: Me): boolean => me.roles.some((r) => r.role === 'supervisor');
