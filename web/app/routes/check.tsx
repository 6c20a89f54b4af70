import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { EmptyState } from '~/components/feedback/empty-state';
import { NumberCheckForm } from '~/components/lookup/number-check-form';
import { ReportForm, type ReportFormResult } from '~/components/lookup/report-form';
import { VerdictCard } from '~/components/lookup/verdict-card';
import { readCheckedForm } from '~/lib/auth/csrf.server';
import { checkNumberQuery } from '~/lib/graphql/numbers';
import { fileReport, MAX_NUMBER_LENGTH } from '~/lib/report-number.server';

export const meta: MetaFunction = () => [{ title: 'Check a number — Satark' }];

// The public side: anonymous, with the API's anonymous limits and masking, whoever is signed in.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const number = (new URL(request.url).searchParams.get('number') ?? '').trim().slice(0, MAX_NUMBER_LENGTH);
  if (!number) return { number, result: null, allReasons: false };
  // "Show all reasons" asks for every feature's reason (reasons(all: true)).
  const allReasons = new URL(request.url).searchParams.get('reasons') === 'all';
  const { checkNumber } = await context.publicApi.query(checkNumberQuery, { number, allReasons });
  return { number, result: checkNumber, allReasons };
}

export async function action({ request, context }: ActionFunctionArgs): Promise<ReportFormResult> {
  const form = await readCheckedForm(request);
  return fileReport(context.publicApi, form);
}

export default function PublicCheck() {
  const { number, result, allReasons } = useLoaderData<typeof loader>();
  const reportResult = useActionData<typeof action>();
  return (
    <main id="main" className="page">
      <div className="stack">
        <header className="page-header">
          <div>
            <h1>Is this number safe?</h1>
            <p>
              Anyone can check a number and report one that tried to defraud them. Analysts{' '}
              <Link to="/login">sign in</Link> for the dashboard.
            </p>
          </div>
        </header>
        <section className="panel">
          <NumberCheckForm action="/check" defaultValue={number} autoFocus={!result} key={number} />
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
                all: `/check?${new URLSearchParams({ number: result.data.number, reasons: 'all' })}`,
                top: `/check?${new URLSearchParams({ number: result.data.number })}`,
              }}
            />
            <section className="panel">
              <ReportForm number={result.data.number} result={reportResult} />
            </section>
          </div>
        ) : (
          <section className="notice notice--error" role="alert" data-testid="lookup-error">
            <strong>That does not look like a phone number.</strong> {result.message}
          </section>
        )}
      </div>
    </main>
  );
}
