import { conflict } from '../../platform/errors';

/**
 * A cancelled meeting (plan-change.ts `cancelMeeting`) admits no further change — agenda, room, notice, 回执, check-in,
 * materials, record, 纪要: every command of the meeting asks this before its own "not after the start" rule.
 */
export function refuseCancelled(m: { cancelledAt: Date | null }) {
  if (m.cancelledAt) throw conflict('会议已取消，不能再办理');
}
