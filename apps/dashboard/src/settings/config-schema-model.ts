/*
 * Turns the JSON Schema served by GET /config/schema into form fields, and checks a typed
 * value against the field's constraints. Only the subset RuntimeConfig uses is understood;
 * anything else is shown read-only rather than guessed at.
 */

export type FieldKind = 'number' | 'integer' | 'text' | 'boolean' | 'enum' | 'string-list' | 'unsupported';

export interface FieldSpec {
  /** Dotted path in the config, e.g. "risk.max_daily_loss_pct". */
  path: string;
  section: string | null;
  key: string;
  label: string;
  kind: FieldKind;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  itemPattern?: string;
  options?: string[];
  description?: string;
}

export interface SectionSpec {
  key: string | null;
  label: string;
  fields: FieldSpec[];
}

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

const ABBREVIATIONS: Record<string, string> = {
  usdt: 'USDT',
  atr: 'ATR',
  rsi: 'RSI',
  ema: 'EMA',
  bb: 'BB',
  tca: 'TCA',
};
/** A unit is only a unit as the last word: "min_score" is not "(min) score". */
const UNITS: Record<string, string> = { pct: '%', ms: '(ms)', s: '(s)', min: '(min)', bps: '(bps)' };

/** "max_daily_loss_pct" → "Max daily loss %". */
export function labelFor(key: string): string {
  const parts = key.split('_');
  const words = parts.map((w, i) =>
    i === parts.length - 1 && i > 0 ? (UNITS[w] ?? ABBREVIATIONS[w] ?? w) : (ABBREVIATIONS[w] ?? w),
  );
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fieldFrom(key: string, section: string | null, schema: JsonObject): FieldSpec {
  const base = { path: section ? `${section}.${key}` : key, section, key, label: labelFor(key) };
  const description = str(schema.description);
  const common = description ? { ...base, description } : base;
  if (Array.isArray(schema.enum)) return { ...common, kind: 'enum', options: schema.enum.map(String) };
  switch (schema.type) {
    case 'boolean':
      return { ...common, kind: 'boolean' };
    case 'integer':
    case 'number':
      return {
        ...common,
        kind: schema.type,
        minimum: num(schema.minimum),
        maximum: num(schema.maximum),
        exclusiveMinimum: num(schema.exclusiveMinimum),
        exclusiveMaximum: num(schema.exclusiveMaximum),
      };
    case 'string':
      return {
        ...common,
        kind: 'text',
        pattern: str(schema.pattern),
        minLength: num(schema.minLength),
        maxLength: num(schema.maxLength),
      };
    case 'array': {
      const items = isObject(schema.items) ? schema.items : {};
      if (items.type !== 'string') return { ...common, kind: 'unsupported' };
      return {
        ...common,
        kind: 'string-list',
        minItems: num(schema.minItems),
        maxItems: num(schema.maxItems),
        itemPattern: str(items.pattern),
      };
    }
    default:
      return { ...common, kind: 'unsupported' };
  }
}

/** Top-level scalars form a "General" section; each nested object is its own section. */
export function sectionsFromSchema(schema: unknown): SectionSpec[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const general: SectionSpec = { key: null, label: 'General', fields: [] };
  const sections: SectionSpec[] = [];
  for (const [key, child] of Object.entries(schema.properties)) {
    if (!isObject(child)) continue;
    if (child.type === 'object' && isObject(child.properties)) {
      const fields = Object.entries(child.properties)
        .filter((entry): entry is [string, JsonObject] => isObject(entry[1]))
        .map(([k, s]) => fieldFrom(k, key, s));
      sections.push({ key, label: labelFor(key), fields });
    } else {
      general.fields.push(fieldFrom(key, null, child));
    }
  }
  return general.fields.length > 0 ? [general, ...sections] : sections;
}

export type FieldValue = number | string | boolean | string[];

export type FieldCheck = { ok: true; value: FieldValue } | { ok: false; error: string };

/** The form's raw input for a config value. */
export function rawFromValue(value: unknown): string | boolean {
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.join(', ');
  if (value === null || value === undefined) return '';
  return String(value);
}

/** Parses and checks one input against its field's constraints. */
export function checkField(spec: FieldSpec, raw: string | boolean): FieldCheck {
  if (spec.kind === 'boolean') return { ok: true, value: raw === true };
  const text = typeof raw === 'string' ? raw.trim() : String(raw);
  switch (spec.kind) {
    case 'integer':
    case 'number': {
      if (!/^-?\d+(\.\d+)?$/.test(text)) return { ok: false, error: 'Enter a number' };
      const value = Number(text);
      if (spec.kind === 'integer' && !Number.isInteger(value))
        return { ok: false, error: 'Enter a whole number' };
      if (spec.minimum !== undefined && value < spec.minimum)
        return { ok: false, error: `Must be at least ${spec.minimum}` };
      if (spec.maximum !== undefined && value > spec.maximum)
        return { ok: false, error: `Must be at most ${spec.maximum}` };
      if (spec.exclusiveMinimum !== undefined && value <= spec.exclusiveMinimum)
        return { ok: false, error: `Must be more than ${spec.exclusiveMinimum}` };
      if (spec.exclusiveMaximum !== undefined && value >= spec.exclusiveMaximum)
        return { ok: false, error: `Must be less than ${spec.exclusiveMaximum}` };
      return { ok: true, value };
    }
    case 'enum':
      return spec.options?.includes(text)
        ? { ok: true, value: text }
        : { ok: false, error: 'Pick one of the options' };
    case 'text': {
      if (spec.minLength !== undefined && text.length < spec.minLength)
        return { ok: false, error: `At least ${spec.minLength} characters` };
      if (spec.maxLength !== undefined && text.length > spec.maxLength)
        return { ok: false, error: `At most ${spec.maxLength} characters` };
      if (spec.pattern && !new RegExp(spec.pattern).test(text))
        return {
          ok: false,
          error: spec.pattern.includes('\\d') ? 'Enter a decimal number, e.g. 2500' : 'Invalid format',
        };
      return { ok: true, value: text };
    }
    case 'string-list': {
      const items = text.split(/[\s,]+/).filter((s) => s.length > 0);
      if (spec.minItems !== undefined && items.length < spec.minItems)
        return { ok: false, error: `At least ${spec.minItems} item(s)` };
      if (spec.maxItems !== undefined && items.length > spec.maxItems)
        return { ok: false, error: `At most ${spec.maxItems} items` };
      const pattern = spec.itemPattern ? new RegExp(spec.itemPattern) : null;
      const bad = pattern ? items.find((i) => !pattern.test(i)) : undefined;
      if (bad !== undefined) return { ok: false, error: `"${bad}" is not valid` };
      return { ok: true, value: items };
    }
    default:
      return { ok: false, error: 'This field cannot be edited here' };
  }
}

/** Reads a dotted path from a config object. */
export function valueAt(config: unknown, path: string): unknown {
  let node: unknown = config;
  for (const part of path.split('.')) {
    if (!isObject(node)) return undefined;
    node = node[part];
  }
  return node;
}

/** A server field path ("/risk/max_daily_loss_pct", "risk.max_daily_loss_pct") as a dotted path. */
export function normalizeFieldPath(path: string): string {
  return path
    .replace(/^[/.$]+/, '')
    .replace(/[/[\]]+/g, '.')
    .replace(/\.+$/, '');
}
