/**
 * Every order this bot places carries a clientOrderId with this prefix, so an open order on the
 * account can be told apart from the user's own (placed on the website, the app, or another
 * tool): only ours may ever be cancelled as an orphan.
 */
export const CLIENT_ORDER_ID_PREFIX = 'aur-';

/** Binance accepts at most 36 characters: the prefix and a UUID's 32 hex digits fit exactly. */
export const clientOrderIdFromUuid = (uuid: string): string =>
  `${CLIENT_ORDER_ID_PREFIX}${uuid.replaceAll('-', '')}`;

export const isOurClientOrderId = (id: string): boolean => id.startsWith(CLIENT_ORDER_ID_PREFIX);
