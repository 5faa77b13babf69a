import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBody, StateSnapshot } from '@aurora/contracts';
import { Dec } from '@aurora/core';
import { startTestBot, type TestBot } from '../testing/bot-harness';

/*
 * Review row M2: resume is the button used after a pause, a kill or a dead-man pause. It must not
 * reset an automatic breaker trip (nor the losing streak): that skips the cool-down and the 25 %
 * half-open trial. Resetting the breaker is its own action, and it needs confirm: true.
 */

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(async () => {
  await bot.close();
});

const state = async () => StateSnapshot.parse(await (await bot.api('/api/v1/state')).json());
const post = (path: string, json: unknown) => bot.api(`/api/v1/control/${path}`, { method: 'POST', json });

/** Four losing trades in a row: the default max_consecutive_losses trips the breaker. */
function loseFourInARow(): void {
  const risk = bot.runtime.engines.risk;
  for (let i = 0; i < 4; i++) risk.onTradeClosed(`loss-${i}`, new Dec('-1'));
}

describe('resume vs reset breaker (M2)', () => {
  it('resume after a pause or a kill leaves an automatic trip, its cool-down and the losing streak', async () => {
    loseFourInARow();
    const tripped = (await state()).risk;
    expect(tripped.circuit_breaker).toMatchObject({
      state: 'Open',
      automatic_reason: 'MAX_CONSECUTIVE_LOSSES',
    });

    expect((await post('pause', { reason: 'operator away' })).status).toBe(200);
    expect((await post('resume', {})).status).toBe(200);
    expect((await post('kill', { reason: 'test' })).status).toBe(200);
    expect((await post('resume', {})).status).toBe(200);

    const after = await state();
    expect(after.trading_mode).toBe('RUNNING');
    expect(after.risk.circuit_breaker).toMatchObject({
      state: 'Open',
      reason: 'MAX_CONSECUTIVE_LOSSES',
      automatic_reason: 'MAX_CONSECUTIVE_LOSSES',
      next_attempt_at: tripped.circuit_breaker.next_attempt_at,
    });
    expect(after.risk.consecutive_losses).toBe(4);
    expect(after.no_go_reason?.code).toBe('CIRCUIT_BREAKER');
  });

  it('reset-breaker refuses without confirm: true, then resets the trip and the streak when confirmed', async () => {
    const refused = await post('reset-breaker', {});
    expect(refused.status).toBe(400);
    expect(ApiErrorBody.parse(await refused.json()).error.code).toBe('CONFIRMATION_REQUIRED');
    expect((await state()).risk.circuit_breaker.state).toBe('Open');

    const res = await post('reset-breaker', { confirm: true, reason: 'checked the losses' });
    expect(res.status).toBe(200);
    const after = await state();
    expect(after.risk.circuit_breaker).toMatchObject({ state: 'Closed', automatic_reason: null });
    expect(after.risk.consecutive_losses).toBe(0);
    expect(after.no_go_reason).toBeNull();
    expect(after.control_actions[0]).toMatchObject({
      action: 'reset-breaker',
      before: 'MAX_CONSECUTIVE_LOSSES, 4 consecutive losses',
      after: 'Closed',
      detail: 'checked the losses',
    });

    const nothing = await post('reset-breaker', { confirm: true });
    expect(nothing.status).toBe(409);
    expect(ApiErrorBody.parse(await nothing.json()).error.code).toBe('BREAKER_NOT_TRIPPED');
  });
});
