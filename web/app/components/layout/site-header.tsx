import { Form, Link, NavLink } from '@remix-run/react';
import { CsrfField } from '~/components/auth/csrf-field';
import { ConnectionBadge } from '~/components/live/connection-badge';
import { can, type Permission, roleLabel } from '~/lib/auth/roles';
import { useAccount } from '~/lib/auth/use-account';
import { NavigationProgress } from './navigation-progress';

interface Section {
  to: string;
  label: string;
  end: boolean;
  /** Shown only to roles with this permission. */
  needs?: Permission;
}

const sections: Section[] = [
  { to: '/dashboard', label: 'Overview', end: true },
  { to: '/dashboard/campaigns', label: 'Campaigns', end: false },
  { to: '/dashboard/lookup', label: 'Lookup', end: false },
  { to: '/dashboard/explainability', label: 'Explainability', end: false },
  { to: '/dashboard/alerts', label: 'Alerts', end: false },
  { to: '/dashboard/cases', label: 'Cases', end: false },
  { to: '/dashboard/lists', label: 'Lists', end: false },
  { to: '/dashboard/audit', label: 'Audit', end: false, needs: 'readAuditLog' },
  { to: '/dashboard/admin/accounts', label: 'Accounts', end: false, needs: 'manageAccounts' },
];

const publicSections: Section[] = [
  { to: '/', label: 'Home', end: true },
  { to: '/check', label: 'Check a number', end: false },
];

export function SiteHeader() {
  const account = useAccount();
  const shown = account
    ? sections.filter((section) => !section.needs || can(account.role, section.needs))
    : publicSections;
  return (
    <header className="site-header">
      <Link to="/" className="brand" aria-label="Satark home">
        <svg className="brand__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
          <path d="M16 2 4 7v8c0 7.2 5.1 13.5 12 15 6.9-1.5 12-7.8 12-15V7L16 2Z" />
          <path className="brand__tick" d="m10 16 4 4 8-8" />
        </svg>
        <span>Satark</span>
      </Link>
      <nav aria-label={account ? 'Dashboard sections' : 'Site sections'} className="site-nav">
        <ul>
          {shown.map((section) => (
            <li key={section.to}>
              <NavLink to={section.to} end={section.end} prefetch="intent">
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <ConnectionBadge />
      {account ? (
        <div className="signed-in" data-testid="signed-in">
          <span>
            <span className="signed-in__name" data-testid="signed-in-name">
              {account.displayName}
            </span>{' '}
            <span className="badge" data-testid="signed-in-role">
              {roleLabel(account.role)}
            </span>
          </span>
          <Form method="post" action="/logout">
            <CsrfField />
            <button type="submit" className="button button--secondary">
              Sign out
            </button>
          </Form>
        </div>
      ) : (
        <Link to="/login" className="button button--secondary">
          Sign in
        </Link>
      )}
      <NavigationProgress />
    </header>
  );
}
