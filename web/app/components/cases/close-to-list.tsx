import type { NumberListSummary } from '~/lib/graphql/lists';

/** "Add the numbers to a list" while closing: block lists for confirmed fraud, allow lists for false positives. */
export function CloseToList({ lists }: { lists: NumberListSummary[] }) {
  const block = lists.filter((list) => list.kind === 'BLOCK');
  const allow = lists.filter((list) => list.kind === 'ALLOW');
  return (
    <fieldset className="stack" data-testid="close-to-list">
      <legend>Lists</legend>
      <label>
        <input type="checkbox" name="addToList" /> Add the case’s numbers to a list (fraud confirmed: a block
        list; false positive: an allow list)
      </label>
      <div className="field">
        <label htmlFor="close-list">List</label>
        <select id="close-list" name="listId" defaultValue="">
          <option value="">Choose a list</option>
          {block.length > 0 ? (
            <optgroup label="Block lists">
              {block.map((list) => (
                <option key={list.id} value={list.id}>
                  {list.name}
                </option>
              ))}
            </optgroup>
          ) : null}
          {allow.length > 0 ? (
            <optgroup label="Allow lists">
              {allow.map((list) => (
                <option key={list.id} value={list.id}>
                  {list.name}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
      </div>
    </fieldset>
  );
}
