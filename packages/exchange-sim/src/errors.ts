/**
 * A Binance API error: the `{code, msg}` body plus the HTTP status the venue answers with.
 * Everything the simulator refuses is one of these, so REST and the WebSocket API render it the
 * same way and library callers branch on `code`, never on text.
 */
export class SimApiError extends Error {
  constructor(
    readonly code: number,
    msg: string,
    readonly httpStatus: number = 400,
  ) {
    super(msg);
    this.name = 'SimApiError';
  }

  toJSON(): { code: number; msg: string } {
    return { code: this.code, msg: this.message };
  }
}

/** Binance's own messages, in one place so every path words a failure identically. */
export const ApiErrors = {
  unknown: () => new SimApiError(-1000, 'An unknown error occurred while processing the request.', 500),
  unauthorized: () => new SimApiError(-1002, 'You are not authorized to execute this request.', 401),
  tooMuchWeight: (limit: number) =>
    new SimApiError(
      -1003,
      `Too much request weight used; current limit is ${limit} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`,
      429,
    ),
  banned: (until: number) =>
    new SimApiError(
      -1003,
      `Way too much request weight used; IP banned until ${until}. Please use WebSocket Streams for live updates to avoid bans.`,
      418,
    ),
  timeout: () =>
    new SimApiError(
      -1007,
      'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
      503,
    ),
  overloaded: () =>
    new SimApiError(
      -1008,
      'Server is currently overloaded with other requests. Please try again in a few minutes.',
      503,
    ),
  filterFailure: (filter: string) => new SimApiError(-1013, `Filter failure: ${filter}`),
  tooManyOrders: (limit: number, interval: string) =>
    new SimApiError(-1015, `Too many new orders; current limit is ${limit} orders per ${interval}.`, 429),
  unsupported: () => new SimApiError(-1020, 'This operation is not supported.', 400),
  outsideRecvWindow: () => new SimApiError(-1021, 'Timestamp for this request is outside of the recvWindow.'),
  aheadOfServer: () =>
    new SimApiError(-1021, "Timestamp for this request was 1000ms ahead of the server's time."),
  badSignature: () => new SimApiError(-1022, 'Signature for this request is not valid.'),
  illegalChars: (param: string, range: string) =>
    new SimApiError(-1100, `Illegal characters found in parameter '${param}'; legal range is '${range}'.`),
  duplicateParam: () => new SimApiError(-1101, 'Duplicate values for a parameter detected.'),
  mandatory: (param: string) =>
    new SimApiError(-1102, `Mandatory parameter '${param}' was not sent, was empty/null, or malformed.`),
  eitherMandatory: (a: string, b: string) =>
    new SimApiError(-1102, `Param '${a}' or '${b}' must be sent, but both were empty/null!`),
  cannotBeGreater: (param: string, max: number) =>
    new SimApiError(-1102, `'${param}' contains unexpected value. Cannot be greater than ${max}.`),
  unreadParams: (read: number, sent: number) =>
    new SimApiError(
      -1104,
      `Not all sent parameters were read; read '${read}' parameter(s) but was sent '${sent}'.`,
    ),
  notRequired: (param: string) => new SimApiError(-1106, `Parameter '${param}' sent when not required.`),
  tifNotRequired: () => new SimApiError(-1114, 'TimeInForce parameter sent when not required.'),
  invalidTif: () => new SimApiError(-1115, 'Invalid timeInForce.'),
  invalidOrderType: () => new SimApiError(-1116, 'Invalid orderType.'),
  invalidSide: () => new SimApiError(-1117, 'Invalid side.'),
  emptyNewClientOrderId: () => new SimApiError(-1118, 'New client order ID was empty.'),
  badInterval: () => new SimApiError(-1120, 'Invalid interval.'),
  badSymbol: () => new SimApiError(-1121, 'Invalid symbol.'),
  invalidListenKey: () => new SimApiError(-1125, 'This listenKey does not exist.'),
  badParamCombo: () => new SimApiError(-1128, 'Combination of optional parameters invalid.'),
  invalidParam: (param: string) => new SimApiError(-1130, `Data sent for parameter '${param}' is not valid.`),
  invalidJson: () => new SimApiError(-1135, 'Invalid JSON Request'),
  strategyTypeTooLow: () => new SimApiError(-1134, '`strategyType` was less than 1000000.'),
  invalidCancelRestrictions: () => new SimApiError(-1145, 'Invalid cancelRestrictions'),
  duplicateSymbols: () => new SimApiError(-1151, 'Symbol is present multiple times in the list.'),
  newOrderRejected: (msg: string) => new SimApiError(-2010, msg),
  insufficientBalance: () => new SimApiError(-2010, 'Account has insufficient balance for requested action.'),
  duplicateOrder: () => new SimApiError(-2010, 'Duplicate order sent.'),
  wouldTakeAsMaker: () => new SimApiError(-2010, 'Order would immediately match and take.'),
  wouldTriggerImmediately: () => new SimApiError(-2010, 'Order would trigger immediately.'),
  cancelRejected: (msg: string) => new SimApiError(-2011, msg),
  unknownOrderOnCancel: () => new SimApiError(-2011, 'Unknown order sent.'),
  marketClosed: () => new SimApiError(-2010, 'Market is closed.'),
  symbolStatusMismatch: () =>
    new SimApiError(-1220, "The symbol's status does not match the requested symbolStatus."),
  /** listenKey endpoints since 2026-02-20: HTTP 410, with the errors.md message for a retired service. */
  listenKeyRetired: () => new SimApiError(-1016, 'This service is no longer available.', 410),
  noSuchOrder: () => new SimApiError(-2013, 'Order does not exist.'),
  badApiKeyFormat: () => new SimApiError(-2014, 'API-key format invalid.', 401),
  rejectedApiKey: () => new SimApiError(-2015, 'Invalid API-key, IP, or permissions for action.', 401),
  subscriptionActive: () => new SimApiError(-2035, 'User Data Stream subscription already active.'),
  subscriptionInactive: () => new SimApiError(-2036, 'User Data Stream subscription not active.'),
  clientOrderIdMismatch: () => new SimApiError(-2039, 'Client order ID is not correct for this order ID.'),
} as const;
