import type { FieldSpec } from './config-schema-model';

interface ConfigFieldProps {
  spec: FieldSpec;
  raw: string | boolean;
  editable: boolean;
  dirty: boolean;
  error: string | null;
  onChange: (raw: string | boolean) => void;
}

function Bound({ value }: { value: number }) {
  return (
    <span className="num" data-num={String(value)}>
      {value}
    </span>
  );
}

/** The allowed range, straight from the schema. */
function RangeHint({ spec }: { spec: FieldSpec }) {
  const low = spec.minimum ?? spec.exclusiveMinimum;
  const high = spec.maximum ?? spec.exclusiveMaximum;
  if (low === undefined && high === undefined) return null;
  return (
    <span className="text-muted">
      {low !== undefined ? (
        <>
          {spec.exclusiveMinimum !== undefined ? '>' : '≥'} <Bound value={low} />
        </>
      ) : null}
      {low !== undefined && high !== undefined ? ' · ' : null}
      {high !== undefined ? (
        <>
          {spec.exclusiveMaximum !== undefined ? '<' : '≤'} <Bound value={high} />
        </>
      ) : null}
    </span>
  );
}

export function ConfigField({ spec, raw, editable, dirty, error, onChange }: ConfigFieldProps) {
  const id = `config-${spec.path}`;
  const inputClass = `w-full ${error ? 'border-down' : dirty ? 'border-warn' : ''}`;
  let input;
  if (spec.kind === 'boolean') {
    input = (
      <input
        id={id}
        data-testid={id}
        type="checkbox"
        className="h-4 w-4 accent-[var(--color-accent)]"
        checked={raw === true}
        disabled={!editable}
        onChange={(e) => onChange(e.target.checked)}
      />
    );
  } else if (spec.kind === 'enum') {
    input = (
      <select
        id={id}
        data-testid={id}
        className={inputClass}
        value={String(raw)}
        disabled={!editable}
        onChange={(e) => onChange(e.target.value)}
      >
        {spec.options?.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    );
  } else {
    input = (
      <input
        id={id}
        data-testid={id}
        className={inputClass}
        value={String(raw)}
        disabled={!editable || spec.kind === 'unsupported'}
        inputMode={spec.kind === 'number' || spec.kind === 'integer' ? 'decimal' : undefined}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div className="flex flex-col gap-0.5" data-testid={`${id}-field`}>
      {/* Labels are the schema's own keys, not figures. */}
      <label
        htmlFor={id}
        data-static-label=""
        className={`truncate text-xs ${editable ? 'text-fg/90' : 'text-muted'}`}
        title={spec.description ?? spec.label}
      >
        {spec.label}
      </label>
      {input}
      <span className="min-h-4 truncate text-[11px]">
        {error ? (
          <span role="alert" data-testid={`${id}-error`} className="text-down">
            {error}
          </span>
        ) : !editable ? (
          <span className="text-muted">changed from the control panel</span>
        ) : (
          <RangeHint spec={spec} />
        )}
      </span>
    </div>
  );
}
