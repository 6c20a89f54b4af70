import { useNavigation } from '@remix-run/react';

/** A thin bar under the header while a page's data loads or a form is sent. */
export function NavigationProgress() {
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle';
  return (
    <div
      className={`navigation-progress${busy ? ' navigation-progress--busy' : ''}`}
      role="progressbar"
      aria-label="Loading"
      aria-hidden={!busy}
      aria-busy={busy}
    />
  );
}
