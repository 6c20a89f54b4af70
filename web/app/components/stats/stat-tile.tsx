import type { ReactNode } from 'react';

interface StatTileProps {
  label: string;
  value: string;
  unit?: string;
  detail?: ReactNode;
  /** 0–1: draws a meter under the value. */
  share?: number;
  testId?: string;
}

export function StatTile({ label, value, unit, detail, share, testId }: StatTileProps) {
  return (
    <section className="panel stat-tile" aria-label={label} data-testid={testId}>
      <h2 className="stat-tile__label">{label}</h2>
      <p className="stat-tile__value">
        <span data-testid={testId ? `${testId}-value` : undefined}>{value}</span>
        {unit ? <span className="stat-tile__unit">{unit}</span> : null}
      </p>
      {share === undefined ? null : <ShareMeter share={share} />}
      {detail ? <p className="stat-tile__detail">{detail}</p> : null}
    </section>
  );
}

export function ShareMeter({ share }: { share: number }) {
  const clamped = Math.min(1, Math.max(0, share));
  const percent = Math.round(clamped * 100);
  return (
    // The value is already written out beside the meter; the bar only draws it.
    <div className="meter" aria-hidden="true">
      {/* The gradient spans the whole track so a fill's colour says how far along it is. */}
      <div
        className="meter__fill"
        style={{
          width: `${percent}%`,
          ['--meter-track' as string]: `${percent > 0 ? 10_000 / percent : 100}%`,
        }}
      />
    </div>
  );
}
