import { useId, useMemo, useState } from 'react';
import type { Attribute } from '../../core/model/types.ts';
import { attributesJson, filterAttributes, valueDisplay } from './format.ts';
import { CopyButton } from './copy.tsx';
import { LongText } from './LongText.tsx';
import { truncateText } from '../../ui/Truncate.tsx';

/**
 * Typed attributes as a real table (key, type, value, copy). With `filterable`, a search box above
 * it narrows the rows (by key, value or type name) and "Copy as JSON" copies the rows shown.
 * `owner` names whose attributes these are, for captions and button names ("span", "resource").
 */
export function AttributeTable({ attributes, owner, filterable = false, compact = false, testId }: { attributes: readonly Attribute[]; owner: string; filterable?: boolean; compact?: boolean; testId?: string }) {
  const [query, setQuery] = useState('');
  const tableId = useId();
  const shown = useMemo(() => (filterable ? filterAttributes(attributes, query) : attributes), [attributes, query, filterable]);
  if (attributes.length === 0) return <p className="sm-muted sm-details__none">No {owner} attributes.</p>;
  const filtered = shown.length !== attributes.length;
  return (
    <div className={compact ? 'sm-attrs sm-attrs--compact' : 'sm-attrs'} data-testid={testId}>
      {filterable && (
        <div className="sm-attrs__toolbar">
          <input
            type="search"
            className="sm-attrs__filter"
            placeholder="Filter by key, value or type"
            aria-label={`Filter ${owner} attributes`}
            aria-controls={tableId}
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && query !== '') {
                e.preventDefault();
                e.stopPropagation();
                setQuery('');
              }
            }}
          />
          <span className="sm-muted sm-attrs__count" aria-live="polite">
            {filtered ? `${shown.length} of ${attributes.length}` : `${attributes.length}`}
          </span>
          <CopyButton value={attributesJson(shown)} what={filtered ? `${shown.length} matching ${owner} attributes as JSON` : `all ${owner} attributes as JSON`} label={filtered ? 'Copy matching as JSON' : 'Copy all as JSON'}>
            {filtered ? 'Copy matching as JSON' : 'Copy all as JSON'}
          </CopyButton>
        </div>
      )}
      <table className="sm-attrs__table" id={tableId}>
        <caption className="sm-visually-hidden">
          {owner[0].toUpperCase() + owner.slice(1)} attributes{filtered ? ` matching “${query.trim()}”` : ''}
        </caption>
        <colgroup>
          <col className="sm-attrs__col-key" />
          <col className="sm-attrs__col-type" />
          <col />
          <col className="sm-attrs__col-copy" />
        </colgroup>
        <thead>
          <tr>
            {['Key', 'Type', 'Value', 'Copy'].map((h) => (
              <th key={h} scope="col">
                {compact || h === 'Copy' ? <span className="sm-visually-hidden">{h}</span> : h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((a, k) => {
            const text = valueDisplay(a.value);
            return (
              <tr key={`${k}:${a.key}`} data-key={a.key}>
                <th scope="row" className="sm-attrs__key">
                  <LongText text={a.key} label={`the key`} empty="(no key)" />
                </th>
                <td className="sm-attrs__type">
                  <span className={`sm-type sm-type--${a.value.type}`}>{a.value.type}</span>
                </td>
                <td className="sm-attrs__value">{a.value.type === 'empty' ? <span className="sm-muted">(no value)</span> : <LongText text={text} label={truncateText(a.key, 60)} empty="(empty string)" />}</td>
                <td className="sm-attrs__copy">
                  <CopyButton value={text} what={`the value of ${truncateText(a.key, 60)}`} label={`Copy value of ${truncateText(a.key, 60)}`} />
                </td>
              </tr>
            );
          })}
          {shown.length === 0 && (
            <tr>
              <td colSpan={4} className="sm-muted">
                No attribute matches “{query.trim()}”.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
