// The app's background parts: one ordered list, started in order, stopped in reverse.
import { describe, expect, it } from 'vitest';
import { type Part, Parts } from '../src/app';

function recorder() {
  const log: string[] = [];
  const part = (name: string, options: { failsToStart?: boolean } = {}): Part => ({
    start: async () => {
      if (options.failsToStart) throw new Error(`${name} cannot start`);
      log.push(`start ${name}`);
    },
    stop: async () => {
      log.push(`stop ${name}`);
    },
  });
  const resource = (name: string): Part => ({ stop: () => log.push(`release ${name}`) });
  return { log, part, resource };
}

describe('Parts', () => {
  it('starts parts in order, stops them in reverse, and releases resources last', async () => {
    const { log, part, resource } = recorder();
    const parts = new Parts();
    parts.add(resource('database'), null, resource('redis'));
    parts.add(part('lists'), part('consumer'), part('simulator'));
    await parts.start();
    await parts.stop();
    expect(log).toEqual([
      'start lists',
      'start consumer',
      'start simulator',
      'stop simulator',
      'stop consumer',
      'stop lists',
      'release redis',
      'release database',
    ]);
  });

  it('stops only what started when a part fails to start, and releases the resources', async () => {
    const { log, part, resource } = recorder();
    const parts = new Parts();
    parts.add(
      resource('database'),
      part('lists'),
      part('consumer', { failsToStart: true }),
      part('simulator'),
    );
    await expect(parts.start()).rejects.toThrow('consumer cannot start');
    await parts.stop();
    expect(log).toEqual(['start lists', 'stop lists', 'release database']);
  });
});
