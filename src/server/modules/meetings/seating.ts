// 座次 (DOMAIN §11.4): where each person sits, from the protocol order alone (`post.protocolOrder`, not grade).
// Pure functions, so that a meeting's attendees (later) and a typed list (now) go through the same rule.

import type { SeatingRule } from '../../../contract/meetings';

/**
 * The rostrum row of n seats as the audience sees it, left → right, each place holding its seat number (1 = most
 * senior). 以左为上 (domestic party and government meetings): "left" is the seated leaders' own left, so from the
 * audience 2 is to the right of 1 and 3 to its left, alternating outward; with an even count 1 and 2 share the
 * centre pair. 以右为上 (foreign affairs, business) is the mirror. n=7: 7 5 3 1 2 4 6; n=8: 7 5 3 1 2 4 6 8.
 */
export function podium(n: number, domestic = true): number[] {
  const left: number[] = [];
  const right: number[] = [];
  for (let k = 2; k <= n; k++) (k % 2 ? left : right).push(k);
  const row = [...left.reverse(), 1, ...right];
  return n < 1 ? [] : domestic ? row : row.reverse();
}

interface Seat {
  /** 1 = most senior, over all rows. */
  seat: number;
  name: string;
}

/** One row of the rostrum, its seats as the audience sees them, left → right. */
export interface SeatRow {
  /** 1 = the front row, nearest the audience. */
  row: number;
  seats: Seat[];
}

/**
 * The rostrum for people in protocol order: front > back, so the first row is filled first (at most `rowSize` a row)
 * and the next people go to the row behind; every row is arranged by the same rule among its own people.
 */
export function rostrum(names: readonly string[], rule: SeatingRule, rowSize = names.length): SeatRow[] {
  const size = Math.max(1, Math.floor(rowSize));
  const rows: SeatRow[] = [];
  for (let start = 0; start < names.length; start += size) {
    const count = Math.min(size, names.length - start);
    rows.push({
      row: rows.length + 1,
      seats: podium(count, rule === 'domestic').map((k) => ({ seat: start + k, name: names[start + k - 1]! })),
    });
  }
  return rows;
}

/** A sedan's seats in order of honour: 1 behind the front passenger (司机右后), 2 behind the driver, 3 in front. */
export const CAR_SEATS = ['behindPassenger', 'behindDriver', 'frontPassenger'] as const;
export type CarSeat = (typeof CAR_SEATS)[number];

/** Who sits where in a car, for up to three passengers in protocol order; more do not fit the rule and are refused. */
export function carSeating(names: readonly string[]): { seat: CarSeat; name: string }[] {
  if (names.length > CAR_SEATS.length) throw new RangeError(`a car seats ${CAR_SEATS.length} passengers by the rule`);
  return names.map((name, i) => ({ seat: CAR_SEATS[i]!, name }));
}
