import { useMemo, useState } from 'react';
import { Save, Undo2 } from 'lucide-react';
import { RuntimeConfigPatch } from '@aurora/contracts';
import { ApiRequestError, describeError } from '../api/api-errors';
import { usePatchConfig } from '../api/mutations';
import { useConfig, useConfigSchema } from '../api/queries';
import { Button } from '../ui/Button';
import { ErrorState, Skeleton } from '../ui/data-states';
import { ConfigField } from './ConfigField';
import {
  checkField,
  normalizeFieldPath,
  rawFromValue,
  sectionsFromSchema,
  valueAt,
  type FieldSpec,
  type FieldValue,
} from './config-schema-model';

/** Which config paths the API lets an operator PATCH (modes change only through the control endpoints). */
const PATCHABLE = new Set(Object.keys(RuntimeConfigPatch.shape));
const isEditable = (spec: FieldSpec) =>
  spec.kind !== 'unsupported' && PATCHABLE.has(spec.section ?? spec.key);

type Drafts = Record<string, string | boolean>;

function buildPatch(fields: FieldSpec[], values: Map<string, FieldValue>): Record<string, unknown> {
  const patch: Record<string, Record<string, FieldValue> | FieldValue> = {};
  for (const f of fields) {
    const value = values.get(f.path);
    if (value === undefined) continue;
    if (f.section === null) patch[f.key] = value;
    else
      patch[f.section] = {
        ...((patch[f.section] as Record<string, FieldValue> | undefined) ?? {}),
        [f.key]: value,
      };
  }
  return patch;
}

/**
 * The runtime-config form, generated from GET /config/schema. Checks each field against the
 * schema as typed; PATCH /config's field errors land beside the fields they name.
 */
export function ConfigForm({ sections: only, testId }: { sections?: string[]; testId: string }) {
  const schema = useConfigSchema();
  const config = useConfig();
  const patchConfig = usePatchConfig();
  const [drafts, setDrafts] = useState<Drafts>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  const sections = useMemo(() => {
    const all = schema.data ? sectionsFromSchema(schema.data.schema) : [];
    return only ? all.filter((s) => s.key !== null && only.includes(s.key)) : all;
  }, [schema.data, only]);

  if (schema.isError || config.isError) {
    const failed = schema.isError ? schema : config;
    return <ErrorState message={describeError(failed.error)} onRetry={() => void failed.refetch()} />;
  }
  if (!schema.data || !config.data) return <Skeleton rows={6} />;
  if (sections.length === 0) return <ErrorState message="The config schema has no editable sections." />;

  const current = config.data.config;
  const fields = sections.flatMap((s) => s.fields);
  const checks = new Map(
    Object.entries(drafts).flatMap(([path, raw]) => {
      const spec = fields.find((f) => f.path === path);
      return spec ? [[path, checkField(spec, raw)] as const] : [];
    }),
  );
  const clientErrors = [...checks.entries()].filter(([, c]) => !c.ok).length;
  const dirty = Object.keys(drafts).length > 0;

  const onSave = () => {
    setSaved(false);
    const values = new Map<string, FieldValue>();
    for (const [path, check] of checks) if (check.ok) values.set(path, check.value);
    const patch = buildPatch(fields, values);
    const parsed = RuntimeConfigPatch.safeParse(patch);
    if (!parsed.success) {
      setServerErrors(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message])));
      return;
    }
    patchConfig.mutate(parsed.data, {
      onSuccess: () => {
        setDrafts({});
        setServerErrors({});
        setSaved(true);
      },
      onError: (error) => {
        if (error instanceof ApiRequestError && error.fields.length > 0)
          setServerErrors(
            Object.fromEntries(error.fields.map((f) => [normalizeFieldPath(f.path), f.message])),
          );
      },
    });
  };

  return (
    <div data-testid={testId} className="flex flex-col gap-4">
      {sections.map((section) => (
        <fieldset
          key={section.key ?? 'general'}
          data-testid={`${testId}-section-${section.key ?? 'general'}`}
        >
          {only && only.length === 1 ? null : (
            <legend className="mb-2 text-xs font-semibold tracking-wide text-muted uppercase">
              {section.label}
            </legend>
          )}
          <div className="grid grid-cols-[repeat(auto-fill,minmax(13rem,1fr))] gap-x-4 gap-y-3">
            {section.fields.map((spec) => {
              const check = checks.get(spec.path);
              return (
                <ConfigField
                  key={spec.path}
                  spec={spec}
                  raw={drafts[spec.path] ?? rawFromValue(valueAt(current, spec.path))}
                  editable={isEditable(spec)}
                  dirty={spec.path in drafts}
                  error={(check && !check.ok ? check.error : null) ?? serverErrors[spec.path] ?? null}
                  onChange={(raw) => {
                    setSaved(false);
                    setServerErrors(({ [spec.path]: _, ...rest }) => rest);
                    setDrafts((d) => ({ ...d, [spec.path]: raw }));
                  }}
                />
              );
            })}
          </div>
        </fieldset>
      ))}
      <div className="flex items-center gap-2">
        <Button
          tone="primary"
          data-testid={`${testId}-save`}
          disabled={!dirty || clientErrors > 0 || patchConfig.isPending}
          onClick={onSave}
        >
          <Save size={13} /> {patchConfig.isPending ? 'Saving…' : 'Save changes'}
        </Button>
        <Button data-testid={`${testId}-reset`} disabled={!dirty} onClick={() => setDrafts({})}>
          <Undo2 size={13} /> Discard
        </Button>
        {clientErrors > 0 ? (
          <span className="text-xs text-down">Fix the highlighted fields to save.</span>
        ) : null}
        {saved ? (
          <span className="text-xs text-up" data-testid={`${testId}-saved`}>
            Saved.
          </span>
        ) : null}
        {patchConfig.error ? (
          <span className="text-xs text-down" role="alert" data-testid={`${testId}-error`}>
            {describeError(patchConfig.error)}
          </span>
        ) : null}
      </div>
    </div>
  );
}
