import { describe, expect, it } from 'vitest';
import { icsCalendar } from './ics';

// The feed a phone's calendar reads: what it parses must be what the meeting is — times in UTC, text escaped, long
// Chinese lines folded on character boundaries at 75 octets.

const NOW = new Date('2026-11-02T01:00:00Z');

describe('icsCalendar', () => {
  const ics = icsCalendar(
    '中枢·我的会议',
    [
      {
        uid: 'a1@zhongshu',
        start: new Date('2026-11-10T09:00:00+08:00'),
        end: new Date('2026-11-10T12:00:00+08:00'),
        summary: '2026年第1次常委会议; 议题: 甲,乙',
        location: '常委会议室（市委1号楼三楼）',
        description: `第一行\n${'审议关于城区内涝治理三年行动方案的议题'.repeat(4)}`,
        updatedAt: NOW,
      },
    ],
    NOW,
  );
  const lines = ics.split('\r\n');

  it('writes the event in UTC with CRLF line ends', () => {
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(lines).toContain('DTSTART:20261110T010000Z');
    expect(lines).toContain('DTEND:20261110T040000Z');
    expect(lines).toContain('DTSTAMP:20261102T010000Z');
    expect(ics.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('escapes TEXT and folds lines at 75 octets without splitting a character', () => {
    expect(lines).toContain('SUMMARY:2026年第1次常委会议\\; 议题: 甲\\,乙');
    for (const l of lines) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
    // Unfolded (RFC 5545 §3.1: CRLF followed by one space removed), the description is whole.
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain(`DESCRIPTION:第一行\\n${'审议关于城区内涝治理三年行动方案的议题'.repeat(4)}\r\n`);
    expect(unfolded).not.toContain('\uFFFD');
  });
});
