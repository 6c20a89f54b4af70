import { formatEnumLabel } from '~/lib/format';
import { caseDispositions } from '~/lib/graphql/enums';

/** The disposition and reason every close asks for (one case or many). */
export function CloseCaseFields({ idPrefix }: { idPrefix: string }) {
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-disposition`}>Outcome</label>
        <select id={`${idPrefix}-disposition`} name="disposition" required defaultValue="">
          <option value="" disabled>
            Choose an outcome
          </option>
          {caseDispositions.map((value) => (
            <option key={value} value={value}>
              {formatEnumLabel(value)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-reason`}>Reason</label>
        <textarea
          id={`${idPrefix}-reason`}
          name="reason"
          required
          maxLength={2000}
          placeholder="What settled it"
        />
      </div>
    </>
  );
}
