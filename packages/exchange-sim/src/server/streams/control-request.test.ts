import { describe, expect, it } from 'vitest';
import { fixture } from '../../testing/json-shape';
import { parseControl } from './control-request';

interface Example {
  request: unknown;
  response: unknown;
}
const examples = fixture<Record<string, Example>>('stream-control-messages.json');

const answer = (text: string) => {
  const parsed = parseControl(text);
  if (parsed.ok) throw new Error(`expected an error answer for ${text}`);
  return parsed.answer;
};

describe('market-stream control messages', () => {
  it('parse every request example of the docs', () => {
    for (const [name, ex] of Object.entries(examples)) {
      const parsed = parseControl(JSON.stringify(ex.request));
      expect(parsed.ok, name).toBe(true);
    }
    expect(parseControl(JSON.stringify(examples.subscribe!.request))).toEqual({
      ok: true,
      request: { method: 'SUBSCRIBE', names: ['btcusdt@aggTrade', 'btcusdt@depth'], id: 1 },
    });
  });

  it('accept the id forms Binance accepts: 64-bit signed integers, alphanumerics up to 36, null', () => {
    for (const id of [0, -5, 2 ** 53, 'abc123', 'A'.repeat(36), null]) {
      const parsed = parseControl(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id }));
      expect(parsed, String(id)).toEqual({ ok: true, request: { method: 'LIST_SUBSCRIPTIONS', id } });
    }
  });

  it('refuse a missing id or one of another type with code 2 "request ID must be an unsigned integer"', () => {
    for (const id of [1.5, 'has-dash', 'A'.repeat(37), true, {}, [], 2 ** 64]) {
      expect(answer(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id })), JSON.stringify(id)).toEqual({
        error: { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' },
        id: null,
      });
    }
    expect(answer('{"method":"LIST_SUBSCRIPTIONS"}').error.code).toBe(2);
  });

  it('answer code 3 "Invalid JSON" with the line and column of the fault', () => {
    expect(answer('{"method": SUBSCRIBE}')).toEqual({
      error: { code: 3, msg: 'Invalid JSON: expected value at line 1 column 12' },
      id: null,
    });
    expect(answer('{\n"id": 1,\n"method": x}').error.msg).toBe(
      'Invalid JSON: expected value at line 3 column 11',
    );
  });

  it('answer code 2 "missing field `method`" and "unknown variant" as the docs table', () => {
    expect(answer('{"params":[],"id":1}')).toEqual({
      error: { code: 2, msg: 'Invalid request: missing field `method` at line 1 column 20' },
      id: null,
    });
    const unknown = answer('{"method":"FLY","params":[],"id":7}');
    expect(unknown).toEqual({
      error: {
        code: 2,
        msg: 'Invalid request: unknown variant `FLY`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1 column 15',
      },
      id: 7,
    });
    expect(answer('{"method":"subscribe","params":[],"id":1}').error.msg).toContain(
      'unknown variant `subscribe`',
    );
  });

  it('answer the property errors with codes 0, 1 and 2', () => {
    expect(answer('{"method":"SET_PROPERTY","params":["compressed",true],"id":9}')).toEqual({
      error: { code: 0, msg: 'Unknown property' },
      id: 9,
    });
    expect(answer('{"method":"GET_PROPERTY","params":["x"],"id":9}').error).toEqual({
      code: 0,
      msg: 'Unknown property',
    });
    expect(answer('{"method":"SET_PROPERTY","params":["combined","yes"],"id":9}').error).toEqual({
      code: 1,
      msg: 'Invalid value type: expected Boolean',
    });
    for (const params of ['[]', '[5]', '[null, true]']) {
      expect(answer(`{"method":"SET_PROPERTY","params":${params},"id":9}`).error).toEqual({
        code: 2,
        msg: 'Invalid request: property name must be a string',
      });
    }
    expect(answer('{"method":"GET_PROPERTY","params":[],"id":9}').error.msg).toBe(
      'Invalid request: property name must be a string',
    );
  });

  it('answer code 2 "too many parameters" when a method gets more than it takes', () => {
    for (const text of [
      '{"method":"LIST_SUBSCRIPTIONS","params":["x"],"id":1}',
      '{"method":"GET_PROPERTY","params":["combined",true],"id":1}',
      '{"method":"SET_PROPERTY","params":["combined",true,1],"id":1}',
    ]) {
      expect(answer(text), text).toEqual({
        error: { code: 2, msg: 'Invalid request: too many parameters' },
        id: 1,
      });
    }
  });

  it('refuse stream names that are not strings as an invalid stream', () => {
    expect(answer('{"method":"SUBSCRIBE","params":["btcusdt@trade",5],"id":1}')).toEqual({
      error: { code: 2, msg: 'Invalid request: invalid stream' },
      id: 1,
    });
  });
});
