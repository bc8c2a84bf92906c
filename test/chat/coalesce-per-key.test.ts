import { describe, expect, it } from 'vitest';
import { coalescePerKey } from '../../src/chat/chat-notifier.js';

describe('coalescePerKey (card redraws)', () => {
  it('runs once at a time per key, folding the calls made meanwhile into one more run', async () => {
    const runs: string[] = [];
    const gates: (() => void)[] = [];
    const redraw = coalescePerKey(async (key) => {
      runs.push(key);
      await new Promise<void>((resolve) => gates.push(resolve));
    });
    const first = redraw('CMP-1');
    const folded = [redraw('CMP-1'), redraw('CMP-1'), redraw('CMP-1')];
    const other = redraw('CMP-2');
    expect(runs).toEqual(['CMP-1', 'CMP-2']);
    gates.shift()!();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    // the three calls made while the first ran: one more run, which all three wait for
    expect(runs).toEqual(['CMP-1', 'CMP-2', 'CMP-1']);
    gates.shift()!();
    gates.shift()!();
    await Promise.all([...folded, other]);
    expect(runs).toHaveLength(3);
    // quiet again: the next call runs at once
    const later = redraw('CMP-1');
    expect(runs).toHaveLength(4);
    gates.shift()!();
    await later;
  });

  it('runs again after a failed run, and the failure reaches only its own callers', async () => {
    let calls = 0;
    const redraw = coalescePerKey(async () => {
      calls += 1;
      if (calls === 1) throw new Error('Slack is down');
    });
    const failing = redraw('CMP-1');
    const after = redraw('CMP-1');
    await expect(failing).rejects.toThrow('Slack is down');
    await expect(after).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});
