import { z } from 'zod';

/**
 * The truth every API response carries, as headers and in the JSON body: the state version
 * the answer was computed from, the server's clock, and the last WebSocket sequence pushed.
 */
export const Truth = z.object({
  state_version: z.number().int().nonnegative(),
  server_time: z.number().int().nonnegative(),
  ws_sequence: z.number().int().nonnegative(),
});
export type Truth = z.infer<typeof Truth>;

export const TRUTH_HEADERS = {
  stateVersion: 'x-state-version',
  serverTime: 'x-server-time',
  wsSequence: 'x-ws-sequence',
} as const;
