import { divergingBar, plainBar } from './bar-geometry';

export interface BarItem {
  key: string;
  label: string;
  value: number;
  /** Shown as the value's text, e.g. "+0.42" or "18%". */
  valueText: string;
  /** A sentence for the row, e.g. the model's reason text. */
  detail?: string;
}

interface ContributionBarsProps {
  items: BarItem[];
  /** Diverging: positive pushes towards risk (red, right), negative away from it (green, left). */
  diverging?: boolean;
  label: string;
  testId?: string;
}

export function ContributionBars({ items, diverging = false, label, testId }: ContributionBarsProps) {
  const scale = Math.max(0, ...items.map((item) => Math.abs(item.value)));
  return (
    <ul className="bars" aria-label={label} data-testid={testId}>
      {items.map((item) => {
        const geometry = diverging ? divergingBar(item.value, scale) : plainBar(item.value, scale);
        const tone = diverging ? (item.value >= 0 ? 'bars__bar--risk' : 'bars__bar--calm') : '';
        return (
          <li key={item.key} className="bars__row">
            <span className="bars__label">
              {item.label}
              {item.detail ? <span className="field__hint">{item.detail}</span> : null}
            </span>
            <span className={`bars__track${diverging ? ' bars__track--diverging' : ''}`} aria-hidden="true">
              <span
                className={`bars__bar ${tone}`}
                style={{ left: `${geometry.left}%`, width: `${geometry.width}%` }}
              />
            </span>
            <span className="bars__value">{item.valueText}</span>
          </li>
        );
      })}
    </ul>
  );
}
