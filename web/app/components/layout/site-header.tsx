import { Link, NavLink } from '@remix-run/react';
import { ConnectionBadge } from '~/components/live/connection-badge';
import { NavigationProgress } from './navigation-progress';

const sections = [
  { to: '/dashboard', label: 'Overview', end: true },
  { to: '/dashboard/campaigns', label: 'Campaigns', end: false },
  { to: '/dashboard/lookup', label: 'Lookup', end: false },
  { to: '/dashboard/explainability', label: 'Explainability', end: false },
  { to: '/dashboard/alerts', label: 'Alerts', end: false },
];

export function SiteHeader() {
  return (
    <header className="site-header">
      <Link to="/" className="brand" aria-label="Satark home">
        <svg className="brand__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
          <path d="M16 2 4 7v8c0 7.2 5.1 13.5 12 15 6.9-1.5 12-7.8 12-15V7L16 2Z" />
          <path className="brand__tick" d="m10 16 4 4 8-8" />
        </svg>
        <span>Satark</span>
      </Link>
      <nav aria-label="Dashboard sections" className="site-nav">
        <ul>
          {sections.map((section) => (
            <li key={section.to}>
              <NavLink to={section.to} end={section.end} prefetch="intent">
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <ConnectionBadge />
      <NavigationProgress />
    </header>
  );
}
