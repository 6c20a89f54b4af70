import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { OpenCaseForm } from '~/components/cases/open-case-form';
import { LookupHistory } from '~/components/lookup/lookup-history';
import { NumberCheckView } from '~/components/lookup/number-check-view';
import { ReportForm, type ReportFormResult } from '~/components/lookup/report-form';
import { readCheckedForm } from '~/lib/auth/csrf.server';
import { requirePermission } from '~/lib/auth/require.server';
import { useCan } from '~/lib/auth/use-account';
import { lookupHistoryQuery } from '~/lib/graphql/numbers';
import { checkFromUrl, fileReport } from '~/lib/report-number.server';

export const meta: MetaFunction = () => [{ title: 'Number lookup — Satark' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const check = await checkFromUrl(context.api, request);
  // After the check, so the history includes the lookup just made.
  const history =
    check.result?.__typename === 'QueryCheckNumberSuccess'
      ? (await context.api.query(lookupHistoryQuery, { number: check.result.data.number, first: 10 }))
          .lookupHistory
      : null;
  return { ...check, history };
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
      <NumberCheckView
        page="/dashboard/lookup"
        number={number}
        result={result}
        allReasons={allReasons}
        aside={(check) => (
          <div className="stack">
            {mayReport ? (
              <section className="panel">
                <ReportForm number={check.number} result={reportResult} />
              </section>
            ) : null}
            <section className="panel">
              <OpenCaseForm
                from={{ number: check.number }}
                title={`Number ${check.number}`}
                priority={check.verdict === 'DANGEROUS' ? 'HIGH' : 'MEDIUM'}
                idPrefix="lookup"
              />
            </section>
            {history ? (
              <LookupHistory lookups={history.edges.map((edge) => edge.node)} total={history.totalCount} />
            ) : null}
          </div>
        )}
      />
    </div>
  );
}
