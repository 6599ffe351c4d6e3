import { describe, expect, it } from 'vitest';
import { CAR_SEATS, carSeating, podium, rostrum } from './seating';

// 座次 (DOMAIN §11.4): domestic meetings 以左为上 — the leaders' own left, facing the audience — and the mirror
// (以右为上) for foreign affairs and business. Rows are read as the audience sees them, left → right.

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('the rostrum row (podium), for every count from 1 to 40', () => {
  it('seven sit 7 5 3 1 2 4 6 and eight 7 5 3 1 2 4 6 8, as seen from the audience (DOMAIN §11.4)', () => {
    expect(podium(7)).toEqual([7, 5, 3, 1, 2, 4, 6]);
    expect(podium(8)).toEqual([7, 5, 3, 1, 2, 4, 6, 8]);
    expect(podium(1)).toEqual([1]);
    expect(podium(2)).toEqual([1, 2]);
    expect(podium(0)).toEqual([]);
  });

  it.each(range(40))('%i seats: every number once; 1 in the centre, or in the centre pair with 2 at its left', (n) => {
    const row = podium(n);
    expect([...row].sort((a, b) => a - b)).toEqual(range(n));
    const one = row.indexOf(1);
    if (n % 2) expect(one).toBe((n - 1) / 2);
    else expect([n / 2 - 1, n / 2]).toContain(one);
    if (n % 2 === 0) expect(row.slice(n / 2 - 1, n / 2 + 1).sort()).toEqual([1, 2]);
    // The leaders face the audience: their left is the audience's right, so 2 is just right of 1 on the chart.
    if (n >= 2) expect(row.indexOf(2)).toBe(one + 1);
  });

  it.each(range(40))('%i seats: seniority falls outward, alternating 1\u2019s left and right (2, 3, 4, 5 …)', (n) => {
    const row = podium(n);
    const one = row.indexOf(1);
    // From the audience: seat k (k ≥ 2) sits k/2 places right of 1 when even, (k−1)/2 places left when odd.
    for (let k = 2; k <= n; k++) expect(row.indexOf(k) - one, `seat ${k} of ${n}`).toBe(k % 2 === 0 ? k / 2 : -(k - 1) / 2);
    // Moving outward from 1 on either side, the numbers only grow.
    const left = row.slice(0, one).reverse();
    const right = row.slice(one + 1);
    for (const side of [left, right]) for (let i = 1; i < side.length; i++) expect(side[i]!).toBeGreaterThan(side[i - 1]!);
  });

  it.each(range(40))('%i seats: 以右为上 is the mirror of 以左为上', (n) => {
    expect(podium(n, false)).toEqual([...podium(n, true)].reverse());
  });
});

describe('the rostrum in rows for people in protocol order', () => {
  const names = ['李建国', '王志强', '张伟', '刘海燕', '陈明', '杨光辉', '赵晓东', '孙海涛', '周敏', '吴刚'];

  it('one row: each name at the place of its order; the seat numbers are the protocol order', () => {
    const [row] = rostrum(names.slice(0, 7), 'domestic');
    expect(row!.seats.map((s) => s.name)).toEqual(['赵晓东', '陈明', '张伟', '李建国', '王志强', '刘海燕', '杨光辉']);
    expect(row!.seats.map((s) => s.seat)).toEqual([7, 5, 3, 1, 2, 4, 6]);
  });

  it('front > back: the first row is filled first, and each row is arranged by the same rule among its own people', () => {
    const rows = rostrum(names, 'domestic', 4);
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(rows.map((r) => r.seats.map((s) => s.seat))).toEqual([
      [3, 1, 2, 4],
      [7, 5, 6, 8],
      [9, 10],
    ]);
    expect(rows[2]!.seats.map((s) => s.name)).toEqual(['周敏', '吴刚']);
  });

  it('以右为上 mirrors every row', () => {
    const domestic = rostrum(names, 'domestic', 4);
    const international = rostrum(names, 'international', 4);
    international.forEach((r, i) => expect(r.seats).toEqual([...domestic[i]!.seats].reverse()));
  });

  it('a row size larger than the list gives one row', () => {
    expect(rostrum(names.slice(0, 3), 'domestic', 40)).toHaveLength(1);
  });
});

describe('car seating', () => {
  it('1 behind the front passenger (司机右后), 2 behind the driver, 3 in front', () => {
    expect(carSeating(['李建国', '王志强', '张伟'])).toEqual([
      { seat: 'behindPassenger', name: '李建国' },
      { seat: 'behindDriver', name: '王志强' },
      { seat: 'frontPassenger', name: '张伟' },
    ]);
    expect(carSeating(['李建国'])).toEqual([{ seat: CAR_SEATS[0], name: '李建国' }]);
  });

  it('a fourth passenger has no place by the rule', () => {
    expect(() => carSeating(['甲', '乙', '丙', '丁'])).toThrow(RangeError);
  });
});
