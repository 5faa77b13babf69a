import { jsonFaultOffset } from './json-fault';

/**
 * Live control messages on a market-stream connection (SUBSCRIBE, UNSUBSCRIBE,
 * LIST_SUBSCRIPTIONS, SET_PROPERTY, GET_PROPERTY), parsed into a typed request or into the
 * error answer Binance's table in web-socket-streams.md gives for that mistake.
 */

export type ControlId = number | string | null;

export type ControlRequest =
  | { method: 'SUBSCRIBE' | 'UNSUBSCRIBE'; names: string[]; id: ControlId }
  | { method: 'LIST_SUBSCRIPTIONS'; id: ControlId }
  | { method: 'SET_PROPERTY'; value: boolean; id: ControlId }
  | { method: 'GET_PROPERTY'; id: ControlId };

export interface ControlErrorAnswer {
  error: { code: number; msg: string };
  id: ControlId;
}

export type ParsedControl = { ok: true; request: ControlRequest } | { ok: false; answer: ControlErrorAnswer };

const METHODS = ['SUBSCRIBE', 'UNSUBSCRIBE', 'LIST_SUBSCRIPTIONS', 'SET_PROPERTY', 'GET_PROPERTY'] as const;
type Method = (typeof METHODS)[number];
const INT64_LIMIT = 2 ** 63;
const STRING_ID_RE = /^[A-Za-z0-9]{1,36}$/;

/** Binance's error codes for control messages: 0 unknown property, 1 bad value, 2 bad request, 3 bad JSON. */
export const controlError = (code: number, msg: string, id: ControlId = null): ControlErrorAnswer => ({
  error: { code, msg },
  id,
});

export function parseControl(text: string): ParsedControl {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    const { line, column } = position(text, jsonFaultOffset(text));
    return fail(controlError(3, `Invalid JSON: expected value at line ${line} column ${column}`));
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail(controlError(2, `Invalid request: expected a JSON object at line 1 column 1`));
  }
  const req = raw as Record<string, unknown>;
  if (!('method' in req)) {
    const { line, column } = position(text, text.trimEnd().length - 1);
    return fail(
      controlError(2, `Invalid request: missing field \`method\` at line ${line} column ${column}`),
    );
  }
  const idOk = validId(req);
  const id = idOk ? (req.id as ControlId) : null;
  const method = req.method;
  if (typeof method !== 'string' || !(METHODS as readonly string[]).includes(method)) {
    const { line, column } = position(text, methodValueEnd(text));
    const shown = typeof method === 'string' ? `\`${method}\`` : JSON.stringify(method);
    return fail(
      controlError(
        2,
        `Invalid request: unknown variant ${shown}, expected one of ${METHODS.map((m) => `\`${m}\``).join(', ')} at line ${line} column ${column}`,
        id,
      ),
    );
  }
  if (!idOk) return fail(controlError(2, 'Invalid request: request ID must be an unsigned integer'));
  return paramsOf(method as Method, req.params, id);
}

function paramsOf(method: Method, params: unknown, id: ControlId): ParsedControl {
  const list = params === undefined || params === null ? [] : params;
  if (!Array.isArray(list)) return fail(controlError(2, 'Invalid request: params must be an array', id));
  switch (method) {
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
      if (list.some((p) => typeof p !== 'string'))
        return fail(controlError(2, 'Invalid request: invalid stream', id));
      return { ok: true, request: { method, names: list as string[], id } };
    case 'LIST_SUBSCRIPTIONS':
      if (list.length > 0) return fail(controlError(2, 'Invalid request: too many parameters', id));
      return { ok: true, request: { method, id } };
    case 'SET_PROPERTY': {
      if (typeof list[0] !== 'string')
        return fail(controlError(2, 'Invalid request: property name must be a string', id));
      if (list.length > 2) return fail(controlError(2, 'Invalid request: too many parameters', id));
      if (list[0] !== 'combined') return fail(controlError(0, 'Unknown property', id));
      if (typeof list[1] !== 'boolean')
        return fail(controlError(1, 'Invalid value type: expected Boolean', id));
      return { ok: true, request: { method, value: list[1], id } };
    }
    case 'GET_PROPERTY':
      if (typeof list[0] !== 'string')
        return fail(controlError(2, 'Invalid request: property name must be a string', id));
      if (list.length > 1) return fail(controlError(2, 'Invalid request: too many parameters', id));
      if (list[0] !== 'combined') return fail(controlError(0, 'Unknown property', id));
      return { ok: true, request: { method, id } };
  }
}

/** Binance accepts a 64-bit signed integer, an alphanumeric string of at most 36, or null; it must be present. */
function validId(req: Record<string, unknown>): boolean {
  if (!('id' in req)) return false;
  const id = req.id;
  if (id === null) return true;
  if (typeof id === 'number') return Number.isInteger(id) && id >= -INT64_LIMIT && id < INT64_LIMIT;
  return typeof id === 'string' && STRING_ID_RE.test(id);
}

const fail = (answer: ControlErrorAnswer): ParsedControl => ({ ok: false, answer });

/** Offset just past the value of "method", where a deserializer reports an unknown variant. */
function methodValueEnd(text: string): number {
  const m = /"method"\s*:\s*("(?:[^"\\]|\\.)*"|[^,}\s]+)/.exec(text);
  return m ? m.index + m[0].length - 1 : 0;
}

/** 1-based line and column of a 0-based offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}
