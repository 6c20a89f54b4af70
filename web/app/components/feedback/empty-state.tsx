import type { ReactNode } from 'react';

/** What a panel shows when the API has nothing for it yet: say why, and what will fill it. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <svg viewBox="0 0 24 24" aria-hidden="true" className="empty-state__icon">
        <circle cx="12" cy="12" r="9" />
        <path d="M8 12h8" />
      </svg>
      <p className="empty-state__title">{title}</p>
      {children ? <div className="empty-state__body">{children}</div> : null}
    </div>
  );
}
