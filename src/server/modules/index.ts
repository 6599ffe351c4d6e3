import type { ModuleDef } from '../platform/modules/registry';
import { incomingModule } from './incoming/module';
import { outgoingModule } from './outgoing/module';
import { supervisionModule } from './supervision/module';
import { meetingsModule } from './meetings/module';

/**
 * The office modules of this build. A module is its folder, its migration, one line here and one in
 * web/modules.ts; the server installs exactly these (flows, rules, hooks, routes) when it is built.
 */
export const SERVER_MODULES: ModuleDef[] = [incomingModule, outgoingModule, supervisionModule, meetingsModule];
