// Checking a number and filing a citizen's or analyst's report: the public /check page and the
// dashboard's lookup.
import type { ReportFormResult } from '~/components/lookup/report-form';
import type { ApiClient } from './api.server';
import { formatCount } from './format';
import { fraudCategories } from './graphql/enums';
import type { NumberCheck } from './graphql/fragments';
import { checkNumberQuery, reportNumberMutation } from './graphql/numbers';
import { oneOf } from './search-params';

export const MAX_NUMBER_LENGTH = 32;

export async function fileReport(api: ApiClient, form: FormData): Promise<ReportFormResult> {
  const number = String(form.get('number') ?? '')
    .trim()
    .slice(0, MAX_NUMBER_LENGTH);
  const category = oneOf(String(form.get('category') ?? ''), fraudCategories);
  const description = String(form.get('description') ?? '').trim() || null;
  if (form.get('intent') !== 'report' || !number || !category) {
    return { reported: false, message: 'Choose what kind of fraud it was.' };
  }
  const { reportNumber } = await api.mutation(reportNumberMutation, {
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

/** The check a lookup page's URL asks for (?number=…&reasons=all), or null before one is typed. */
export async function checkFromUrl(api: ApiClient, request: Request) {
  const params = new URL(request.url).searchParams;
  const number = (params.get('number') ?? '').trim().slice(0, MAX_NUMBER_LENGTH);
  // "Show all reasons" asks for every feature's reason (reasons(all: true)).
  const allReasons = params.get('reasons') === 'all';
  const result = number ? (await api.query(checkNumberQuery, { number, allReasons })).checkNumber : null;
  return { number, allReasons, result };
}
