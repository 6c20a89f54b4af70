// WCAG 2 contrast of the theme's text colours against the backgrounds they are used on.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const css = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'app.css'), 'utf8');

function variable(name: string): string {
  const match = css.match(new RegExp(`--${name}:\\s*(#[0-9a-f]{6});`, 'i'));
  if (!match?.[1]) throw new Error(`--${name} is not a hex colour in app.css`);
  return match[1];
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(foreground: string, background: string): number {
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}

describe('theme contrast', () => {
  it.each([
    ['text', 'bg'],
    ['text', 'surface'],
    ['text', 'surface-raised'],
    ['muted', 'bg'],
    ['muted', 'surface'],
    ['muted', 'surface-raised'],
    ['accent-strong', 'surface'],
    ['safe', 'surface'],
    ['suspicious', 'surface'],
    ['danger', 'surface'],
  ])('--%s on --%s meets AA for normal text (4.5:1)', (foreground, background) => {
    expect(contrast(variable(foreground), variable(background))).toBeGreaterThanOrEqual(4.5);
  });

  it.each([
    ['#04130b', 'safe'],
    ['#1d1300', 'suspicious'],
    ['#1f0000', 'danger'],
    ['#1f0010', 'critical'],
    ['#06142e', 'accent-strong'],
  ])('dark text %s on a --%s badge or button meets AA', (foreground, background) => {
    expect(contrast(foreground, variable(background))).toBeGreaterThanOrEqual(4.5);
  });
});
