import type { RateLimitDto } from '@aurora/contracts';

/** The rate-limit figures when no venue is connected. */
export const EMPTY_RATE_LIMITS: RateLimitDto = {
  used_weight_1m: 0,
  weight_limit_1m: 0,
  order_count_10s: 0,
  order_limit_10s: 0,
  order_count_1d: 0,
  order_limit_1d: 0,
  rate_limited: false,
  banned_until: null,
  retry_after_until: null,
  delayed_requests: 0,
  updated_at: null,
};
