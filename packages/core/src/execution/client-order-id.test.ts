import { describe, expect, it } from 'vitest';
import { clientOrderIdFromUuid, isOurClientOrderId } from './client-order-id';

describe('clientOrderIdFromUuid', () => {
  it("is a clientOrderId Binance accepts (at most 36 of [.A-Za-z0-9:/_-]) and is recognised as ours", () => {
    const id = clientOrderIdFromUuid('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(id).toBe('aur-0f8fad5bd9cb469fa16570867728950e');
    expect(id).toMatch(/^[.A-Z:/a-z0-9_-]{1,36}$/);
    expect(isOurClientOrderId(id)).toBe(true);
    expect(isOurClientOrderId('web_0f8fad5bd9cb469fa165')).toBe(false);
  });
});
