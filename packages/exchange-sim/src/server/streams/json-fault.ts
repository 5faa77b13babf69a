/**
 * Where a text stops being JSON: the 0-based offset of the first character a JSON parser cannot
 * accept (the text's length when it ends too early). Binance's answer to bad JSON names that
 * place as line and column, and V8's JSON.parse messages do not always carry it.
 * Only called on text JSON.parse has already refused.
 */
export function jsonFaultOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fault = (): never => {
    throw new JsonFault(i);
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fault();
      i++;
    }
  };
  const string = () => {
    if (text[i] !== '"') fault();
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fault();
      i++;
    }
    if (i >= text.length) fault();
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i));
    if (!m) fault();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        string();
        ws();
        if (text[i] !== ':') fault();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fault();
      }
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fault();
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    return number();
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (e) {
    if (e instanceof JsonFault) return e.offset;
    throw e;
  }
}

class JsonFault extends Error {
  constructor(readonly offset: number) {
    super(`not JSON from offset ${offset}`);
  }
}
