import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { EmptyState } from '~/components/feedback/empty-state';
import { NumberCheckForm } from '~/components/lookup/number-check-form';
import { ReportForm, type ReportFormResult } from '~/components/lookup/report-form';
import { VerdictCard } from '~/components/lookup/verdict-card';
import { formatCount } from '~/lib/format';
import { checkNumberQuery, reportNumberMutation } from '~/lib/graphql/numbers';
import { fraudCategories, type NumberCheck } from '~/lib/graphql/types';
import { oneOf } from '~/lib/search-params';

export const meta: MetaFunction = () => [{ title: 'Number lookup — Satark' }];

const MAX_NUMBER_LENGTH = 32;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const number = (new URL(request.url).searchParams.get('number') ?? '').trim().slice(0, MAX_NUMBER_LENGTH);
  if (!number) return { number, result: null };
  const { checkNumber } = await context.api.query(checkNumberQuery, { number });
  return { number, result: checkNumber };
}

export async function action({ request, context }: ActionFunctionArgs): Promise<ReportFormResult> {
  const form = await request.formData();
  const number = String(form.get('number') ?? '')
    .trim()
    .slice(0, MAX_NUMBER_LENGTH);
  const category = oneOf(String(form.get('category') ?? ''), fraudCategories);
  const description = String(form.get('description') ?? '').trim() || null;
  if (form.get('intent') !== 'report' || !number || !category) {
    return { reported: false, message: 'Choose what kind of fraud it was.' };
  }
  const { reportNumber } = await context.api.mutation(reportNumberMutation, {
    input: { number, category, description },
  });
  switch (reportNumber.__typename) {
    case 'MutationReportNumberSuccess':
      return {
        reported: true,
        message: reportMessage(reportNumber.data.outcome, reportNumber.data.check),
      };
    case 'RateLimitError':
      return {
        reported: false,
        message: `Too many reports from here just now. Try again in ${reportNumber.retryAfterSec} seconds.`,
      };
    case 'ValidationError':
      return {
        reported: false,
        message: reportNumber.message,
        fieldErrors: Object.fromEntries(
          reportNumber.issues.map((issue) => [issue.path.replace(/^input\./, ''), issue.message]),
        ),
      };
    default:
      return { reported: false, message: reportNumber.message };
  }
}

/** Each reporter counts once per number: a second report from here updates the first. */
function reportMessage(outcome: 'RECORDED' | 'UPDATED', check: NumberCheck): string {
  const reporters = `${formatCount(check.reportCount)} ${check.reportCount === 1 ? 'reporter' : 'reporters'}`;
  return outcome === 'UPDATED'
    ? `Thank you. Your earlier report of ${check.nationalFormat} was updated; it counts once. It has ${reporters}.`
    : `Thank you. ${check.nationalFormat} now has ${reporters}.`;
}

export default function Lookup() {
  const { number, result } = useLoaderData<typeof loader>();
  const reportResult = useActionData<typeof action>();
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
          <VerdictCard check={result.data} />
          <section className="panel">
            <ReportForm number={result.data.number} result={reportResult} />
          </section>
        </div>
      ) : (
        <section className="notice notice--error" role="alert" data-testid="lookup-error">
          <strong>
            {result.__typename === 'RateLimitError'
              ? 'Too many lookups just now.'
              : 'That does not look like a phone number.'}
          </strong>{' '}
          {result.message}
        </section>
      )}
    </div>
  );
}
