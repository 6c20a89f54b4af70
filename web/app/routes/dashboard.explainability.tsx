import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { ContributionBars } from '~/components/charts/contribution-bars';
import { EmptyState } from '~/components/feedback/empty-state';
import { PhoneNumberField } from '~/components/forms/text-field';
import { StatTile } from '~/components/stats/stat-tile';
import { formatContribution, formatCount, formatDateTime, formatDecimal, formatShare } from '~/lib/format';
import type { ModelInfo } from '~/lib/graphql/model';
import { modelQuery } from '~/lib/graphql/model';
import { checkNumberQuery } from '~/lib/graphql/numbers';
import { importanceShares } from '~/lib/importance-shares';
import { presentVerdict } from '~/lib/verdict';

export const meta: MetaFunction = () => [{ title: 'Explainability — Satark' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const number = (new URL(request.url).searchParams.get('number') ?? '').trim().slice(0, 32);
  const [{ model }, numberResult] = await Promise.all([
    context.api.query(modelQuery, {}),
    number ? context.api.query(checkNumberQuery, { number }).then((data) => data.checkNumber) : null,
  ]);
  return { model, number, numberResult };
}

function ModelMetrics({ metrics }: { metrics: NonNullable<ModelInfo['metrics']> }) {
  return (
    <div className="grid grid--tiles" data-testid="model-metrics">
      <StatTile
        label="Detection rate"
        value={formatShare(metrics.detectionRate)}
        detail="Fraudsters the model flags (recall)"
      />
      <StatTile
        label="Precision"
        value={formatShare(metrics.precision)}
        detail="Flagged numbers that are fraudsters"
      />
      <StatTile
        label="False-positive rate"
        value={formatShare(metrics.falsePositiveRate)}
        detail="Honest numbers flagged by mistake"
      />
      <StatTile
        label="ROC-AUC"
        value={metrics.rocAuc.toFixed(3)}
        detail={`PR-AUC ${metrics.prAuc.toFixed(3)}`}
      />
    </div>
  );
}

export default function Explainability() {
  const { model, number, numberResult } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <header className="page-header">
        <div>
          <h1>Why the model decides what it decides</h1>
          <p>
            What the isolation forest looks at overall, how well it does, and the reasons behind one number’s
            score.
          </p>
        </div>
      </header>

      {model ? (
        <>
          <section className="panel" aria-label="Model version">
            <dl className="facts" data-testid="model-version" style={{ marginTop: 0 }}>
              <div>
                <dt>Version</dt>
                <dd className="mono">{model.version}</dd>
              </div>
              <div>
                <dt>Trained</dt>
                <dd>{formatDateTime(model.trainedAt)}</dd>
              </div>
              <div>
                <dt>Training rows</dt>
                <dd>{formatCount(model.trainingRows)}</dd>
              </div>
              <div>
                <dt>Trees / subsample</dt>
                <dd>
                  {model.parameters.nEstimators} / {model.parameters.maxSamples}
                </dd>
              </div>
              <div>
                <dt>Contamination</dt>
                <dd>{formatShare(model.parameters.contamination)}</dd>
              </div>
              <div>
                <dt>Status</dt>
                <dd>{model.active ? 'Active' : 'Inactive'}</dd>
              </div>
            </dl>
          </section>
          {model.metrics ? (
            <ModelMetrics metrics={model.metrics} />
          ) : (
            <section className="panel">
              <EmptyState title="This model was trained without labelled data to evaluate it on" />
            </section>
          )}
          <section className="panel" aria-labelledby="importances-heading">
            <h2 id="importances-heading">What the model looks at</h2>
            <p className="panel__note">
              Global feature importances, as shares of their total: how much each feature moves the model’s
              scores overall.
            </p>
            {model.featureImportances.length === 0 ? (
              <EmptyState title="The model did not record feature importances" />
            ) : (
              <ContributionBars
                label="Global feature importances"
                testId="feature-importances"
                items={importanceShares(model.featureImportances).map((item) => ({
                  key: item.feature,
                  label: item.label,
                  value: item.share,
                  valueText: formatShare(item.share),
                }))}
              />
            )}
          </section>
        </>
      ) : (
        <section className="panel" data-testid="no-model">
          <EmptyState title="No model has been trained yet">
            <p>
              Train one with <code>npm run ml -- train</code>; its metrics, importances and explanations
              appear here.
            </p>
          </EmptyState>
        </section>
      )}

      <section className="panel" aria-labelledby="number-reasons-heading">
        <h2 id="number-reasons-heading">One number’s reasons</h2>
        <Form method="get" className="inline-form" aria-label="Explain a number">
          <PhoneNumberField id="explain-number" defaultValue={number} />
          <button type="submit" className="button">
            Explain
          </button>
        </Form>
        {numberResult === null ? null : numberResult.__typename === 'QueryCheckNumberSuccess' ? (
          <div style={{ marginTop: '1rem' }} data-testid="number-explanation">
            <p>
              <strong className="mono">{numberResult.data.nationalFormat}</strong>:{' '}
              <span className={`badge badge--${presentVerdict(numberResult.data.verdict).tone}`}>
                {presentVerdict(numberResult.data.verdict).label}
              </span>{' '}
              {numberResult.data.riskScore === null
                ? 'not rated'
                : `risk ${formatDecimal(numberResult.data.riskScore)} / 100`}
            </p>
            {numberResult.data.reasons.length === 0 ? (
              <EmptyState title="No explanation for this number yet">
                <p>The model explains a number once it has scored enough of its calls.</p>
              </EmptyState>
            ) : (
              <>
                <p className="panel__note">
                  SHAP contributions on the path-length scale: right (red) pushes towards risky, left (green)
                  towards safe.
                </p>
                <ContributionBars
                  label="SHAP contributions for this number"
                  diverging
                  testId="shap-contributions"
                  items={[...numberResult.data.reasons]
                    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
                    .map((reason) => ({
                      key: reason.feature,
                      label: reason.label,
                      detail: reason.text,
                      value: reason.contribution,
                      valueText: formatContribution(reason.contribution),
                    }))}
                />
              </>
            )}
          </div>
        ) : (
          <p className="notice notice--error" role="alert" style={{ marginTop: '1rem' }}>
            {numberResult.message}
          </p>
        )}
      </section>
    </div>
  );
}
