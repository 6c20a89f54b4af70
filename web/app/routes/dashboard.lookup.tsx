import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { OpenCaseForm } from '~/components/cases/open-case-form';
import { EmptyState } from '~/components/feedback/empty-state';
import { LookupHistory } from '~/components/lookup/lookup-history';
import { NumberCheckForm } from '~/components/lookup/number-check-form';
import { ReportForm, type ReportFormResult } from '~/components/lookup/report-form';
import { VerdictCard } from '~/components/lookup/verdict-card';
import { readCheckedForm } from '~/lib/auth/csrf.server';
import { requirePermission } from '~/lib/auth/require.server';
import { useCan } from '~/lib/auth/use-account';
import { checkNumberQuery, lookupHistoryQuery } from '~/lib/graphql/numbers';
import { fileReport, MAX_NUMBER_LENGTH } from '~/lib/report-number.server';

export const meta: MetaFunction = () => [{ title: 'Number lookup — Satark' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const number = (new URL(request.url).searchParams.get('number') ?? '').trim().slice(0, MAX_NUMBER_LENGTH);
  if (!number) return { number, result: null, allReasons: false, history: null };
  // "Show all reasons" asks for every feature's reason (reasons(all: true)).
  const allReasons = new URL(request.url).searchParams.get('reasons') === 'all';
  const { checkNumber } = await context.api.query(checkNumberQuery, { number, allReasons });
  // After the check, so the history includes the lookup just made.
  const history =
    checkNumber.__typename === 'QueryCheckNumberSuccess'
      ? (await context.api.query(lookupHistoryQuery, { number: checkNumber.data.number, first: 10 }))
          .lookupHistory
      : null;
  return { number, result: checkNumber, allReasons, history };
}

export async function action({ request, context }: ActionFunctionArgs): Promise<ReportFormResult> {
  const form = await readCheckedForm(request);
  await requirePermission(context, 'reportNumbers');
  return fileReport(context.api, form);
}

export default function Lookup() {
  const { number, result, allReasons, history } = useLoaderData<typeof loader>();
  const reportResult = useActionData<typeof action>();
  const mayReport = useCan('reportNumbers');
  return (
    <div className="stack">
      <header className="page-header">
        <div>
          <h1>Is this number safe?</h1>
          <p>Verdict, risk score and the reasons behind it, for any Indian number.</p>
        </div>
      </header>
      <section className="panel">
        <NumberCheckForm defaultValue={number} autoFocus={!result} key={number} />
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
              all: `/dashboard/lookup?${new URLSearchParams({ number: result.data.number, reasons: 'all' })}`,
              top: `/dashboard/lookup?${new URLSearchParams({ number: result.data.number })}`,
            }}
          />
          <div className="stack">
            {mayReport ? (
              <section className="panel">
                <ReportForm number={result.data.number} result={reportResult} />
              </section>
            ) : null}
            <section className="panel">
              <OpenCaseForm
                from={{ number: result.data.number }}
                title={`Number ${result.data.number}`}
                priority={result.data.verdict === 'DANGEROUS' ? 'HIGH' : 'MEDIUM'}
                idPrefix="lookup"
              />
            </section>
            {history ? (
              <LookupHistory lookups={history.edges.map((edge) => edge.node)} total={history.totalCount} />
            ) : null}
          </div>
        </div>
      ) : (
        <section className="notice notice--error" role="alert" data-testid="lookup-error">
          <strong>That does not look like a phone number.</strong> {result.message}
        </section>
      )}
    </div>
  );
}
