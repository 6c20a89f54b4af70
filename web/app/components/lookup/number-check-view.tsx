import type { ReactNode } from 'react';
import { EmptyState } from '~/components/feedback/empty-state';
import { NumberCheckForm } from '~/components/lookup/number-check-form';
import { VerdictCard } from '~/components/lookup/verdict-card';
import type { NumberCheck } from '~/lib/graphql/fragments';
import type { ResultOf } from '~/lib/graphql/graphql';
import type { checkNumberQuery } from '~/lib/graphql/numbers';

type CheckResult = ResultOf<typeof checkNumberQuery>['checkNumber'];

/** A lookup page's form and answer (the public check and the dashboard's lookup). */
export function NumberCheckView({
  page,
  number,
  result,
  allReasons,
  aside,
}: {
  page: '/check' | '/dashboard/lookup';
  number: string;
  result: CheckResult | null;
  allReasons: boolean;
  /** What the page offers beside a verdict (report it, open a case, who looked it up). */
  aside: (check: NumberCheck) => ReactNode;
}) {
  const link = (params: Record<string, string>) => `${page}?${new URLSearchParams(params)}`;
  return (
    <>
      <section className="panel">
        <NumberCheckForm action={page} defaultValue={number} autoFocus={!result} key={number} />
      </section>
      {result === null ? (
        <section className="panel">
          <EmptyState title="Enter a number to check it">
            <p>Satark answers from the calls it has seen, the model’s score and citizens’ reports.</p>
          </EmptyState>
        </section>
      ) : result.__typename === 'QueryCheckNumberSuccess' ? (
        <div className="grid grid--main">
          <VerdictCard
            check={result.data}
            allReasons={allReasons ? (result.data.allReasons ?? []) : undefined}
            allReasonsLink={{
              all: link({ number: result.data.number, reasons: 'all' }),
              top: link({ number: result.data.number }),
            }}
          />
          {aside(result.data)}
        </div>
      ) : (
        <section className="notice notice--error" role="alert" data-testid="lookup-error">
          <strong>That does not look like a phone number.</strong> {result.message}
        </section>
      )}
    </>
  );
}
