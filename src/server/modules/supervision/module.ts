import { defineModule } from '../../platform/modules/registry';
import { supervisionRoutes } from './routes';
import { SUPERVISION_KIND } from './service';

/**
 * 督查督办 (DOMAIN §6) as the kernel knows it: only the people working on an item, the office's supervisors and the
 * leader answerable for it see it; it is found by its 督办编号, source and requirement. Its flow (交办 → 办理 → 审核 →
 * 销号) follows in the next steps of issue 16; an item is 已立项 until then.
 */
export const supervisionModule = defineModule({
  kind: SUPERVISION_KIND,
  name: '督查督办',
  flows: [],
  // Issue 16: the people in an item's flow, the office's supervisors and the leader named on it — not the 文书.
  visibility: 'supervisors',
  // Title, deadline and the rest change through the module's own verbs, with its rules (not PATCH /items/:id).
  editedAt: '督查督办',
  searchText: () => [],
  states: { registered: '已立项' },
  metrics: [{ key: 'opened', name: '立项数', measure: { type: 'created' } }],
  routes: supervisionRoutes,
});
