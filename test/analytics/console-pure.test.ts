import { describe, expect, it } from 'vitest';
import { splitBuckets } from '../../src/analytics/buckets.js';
import { parseConsoleRange } from '../../src/analytics/console-query.js';
import { foldConversations } from '../../src/analytics/conversations.js';
import { toCsv } from '../../src/core/csv.js';
import { refused } from './refused.js';

describe('console analytics, pure parts', () => {
  it('splits hours on the local hour, in a half-hour zone and across a DST change', () => {
    const kolkata = splitBuckets({ start: Date.UTC(2026, 0, 1, 0, 0) / 1000, end: Date.UTC(2026, 0, 1, 2, 0) / 1000 }, { granularity: 'HOUR', timeZone: 'Asia/Kolkata' });
    expect(kolkata.map((b) => new Date(b.start * 1000).toISOString().slice(11, 16))).toEqual(['23:30', '00:30', '01:30']);
    // Europe/Lisbon falls back at 02:00 local on 25 Oct 2026: the night has two 01:00 hours, each an hour long.
    const night = splitBuckets({ start: Date.UTC(2026, 9, 24, 23) / 1000, end: Date.UTC(2026, 9, 25, 3) / 1000 }, { granularity: 'HOUR', timeZone: 'Europe/Lisbon' });
    expect(night.map((b) => b.end - b.start)).toEqual([3600, 3600, 3600, 3600]);
  });

  it('reads dates in the zone asked, the last day included, and refuses what it cannot read', () => {
    const range = parseConsoleRange({ from: '2026-03-01', to: '2026-03-02', granularity: 'day', tz: 'America/Sao_Paulo' }, { defaultTimeZone: 'UTC' });
    expect([range.from, range.to]).toEqual([Date.UTC(2026, 2, 1, 3) / 1000, Date.UTC(2026, 2, 3, 3) / 1000]);
    expect(range.buckets).toHaveLength(2);
    expect(parseConsoleRange({ from: '1767225600', to: '2026-01-01T12:00:00Z', granularity: 'HOUR' }, { defaultTimeZone: 'UTC' }).buckets).toHaveLength(12);
    expect(refused(() => parseConsoleRange({ from: '2026-02-30', to: '2026-03-01' }, { defaultTimeZone: 'UTC' }))).toContain('from:');
    expect(refused(() => parseConsoleRange({ from: '2026-01-01T10:00', to: '2026-03-01' }, { defaultTimeZone: 'UTC' }))).toContain('from:');
  });

  it('times a burst of user messages from its first, and opens a session only after 24 hours of silence', () => {
    const day = [{ start: 0, end: 86_400 * 3 }];
    const chat = { phoneNumberId: '1', waId: '44' };
    const totals = foldConversations(
      [
        { ...chat, at: 1_000, previousOut: null, previousIn: null, nextOut: 61_000 },
        { ...chat, at: 1_000, previousOut: null, previousIn: null, nextOut: 61_000 },
        { ...chat, at: 30_000, previousOut: null, previousIn: 1_000, nextOut: 61_000 },
        { ...chat, at: 100_000, previousOut: 61_000, previousIn: 30_000, nextOut: 110_000 },
        { ...chat, at: 100_000 + 86_400_000, previousOut: 110_000, previousIn: 100_000, nextOut: null },
      ],
      day,
    );
    expect(totals[0]).toEqual({ sessions: 2, responses: 2, responseMsTotal: 70_000, firstResponses: 1, firstResponseMsTotal: 60_000, unanswered: 1 });
  });

  it('writes CSV with quoting, and defuses cells a spreadsheet would run', () => {
    expect(toCsv([{ a: 'x,y', b: 'say "hi"', c: '=HYPERLINK("evil")', d: -1, e: null }])).toBe('a,b,c,d,e\r\n"x,y","say ""hi""","\'=HYPERLINK(""evil"")",-1,\r\n');
    expect(toCsv([], ['code', 'count'])).toBe('code,count\r\n');
  });
});
