import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { NumberCheckView } from '~/components/lookup/number-check-view';
import { ReportForm, type ReportFormResult } from '~/components/lookup/report-form';
import { readCheckedForm } from '~/lib/auth/csrf.server';
import { checkFromUrl, fileReport } from '~/lib/report-number.server';

export const meta: MetaFunction = () => [{ title: 'Check a number — Satark' }];

// The public side: anonymous, with the API's anonymous limits and masking, whoever is signed in.
export async function loader({ request, context }: LoaderFunctionArgs) {
  return checkFromUrl(context.publicApi, request);
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
        <NumberCheckView
          page="/check"
          number={number}
          result={result}
          allReasons={allReasons}
          aside={(check) => (
            <section className="panel">
              <ReportForm number={check.number} result={reportResult} />
            </section>
          )}
        />
      </div>
    </main>
  );
}
