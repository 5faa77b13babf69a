import { z } from 'zod';
import { classifyHttpFailure, classifyMalformedResponse, type FailureContext } from '@aurora/binance';
import { SimApiError } from '@aurora/exchange-sim';

/**
 * What the live REST client would have thrown for the same failure: the simulator's
 * SimApiError carries Binance's code, message and HTTP status, so the one classifier the live
 * adapter uses turns it into the same typed error (rejected / retryable / unknown outcome), and
 * the execution engine handles an in-process refusal exactly as it handles one from Binance.
 * An answer our schemas cannot read is classified as the live client classifies it too.
 */
export function simFailure(err: unknown, ctx: FailureContext): unknown {
  if (err instanceof SimApiError) {
    return classifyHttpFailure(
      { httpStatus: err.httpStatus, code: err.code, msg: err.message, retryAfterMs: null },
      ctx,
    );
  }
  if (err instanceof z.ZodError) {
    return classifyMalformedResponse(ctx, 200, err.issues[0]?.message ?? 'schema mismatch');
  }
  return err;
}
