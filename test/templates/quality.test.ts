import { describe, expect, it } from 'vitest';
import { pauseStep, templateQuality } from '../../src/upstream/simulator/quality.js';

describe('template quality on the simulated platform', () => {
  it('rates by the share of users who objected, and by read rates at volume', () => {
    expect(templateQuality({ sent: 0, negative: 0, read: 0 })).toBe('UNKNOWN');
    expect(templateQuality({ sent: 10, negative: 0, read: 10 })).toBe('GREEN');
    expect(templateQuality({ sent: 10, negative: 1, read: 10 })).toBe('YELLOW');
    expect(templateQuality({ sent: 100, negative: 4, read: 100 })).toBe('GREEN');
    expect(templateQuality({ sent: 15, negative: 3, read: 15 })).toBe('RED');
    expect(templateQuality({ sent: 50, negative: 3, read: 50 })).toBe('YELLOW');
    expect(templateQuality({ sent: 60, negative: 0, read: 5 })).toBe('YELLOW');
    expect(templateQuality({ sent: 40, negative: 0, read: 0 })).toBe('GREEN');
  });

  it('pauses for 3 hours, then 6, then disables', () => {
    expect(pauseStep(0)).toEqual({ status: 'PAUSED', title: 'FIRST_PAUSE', durationMs: 3 * 3_600_000 });
    expect(pauseStep(1)).toEqual({ status: 'PAUSED', title: 'SECOND_PAUSE', durationMs: 6 * 3_600_000 });
    expect(pauseStep(2)).toEqual({ status: 'DISABLED' });
  });
});
