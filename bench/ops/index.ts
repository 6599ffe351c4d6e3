import { floorOp } from './floor';
import { advanceOp, registerOp } from './incoming';
import { meetingsListOp, meetingsReplyOp } from './meetings';
import { metricsOp } from './metrics';
import { numberOp } from './numbering';
import { searchCommonOp, searchRareOp } from './search';
import { signInOp } from './signin';
import { supervisionRegisterLightOp, supervisionRegisterOp, supervisionReportOp } from './supervision';
import type { Op } from './types';
import { workbenchOp } from './workbench';

/** Every operation, in the order they run (sign-in first: the others use its sessions; the floor next to what it explains). */
export function allOps(): Op[] {
  return [
    signInOp,
    floorOp,
    workbenchOp,
    searchCommonOp,
    searchRareOp,
    metricsOp,
    supervisionRegisterOp,
    supervisionRegisterLightOp,
    meetingsListOp,
    registerOp(),
    advanceOp(),
    supervisionReportOp(),
    meetingsReplyOp,
    numberOp,
  ];
}
