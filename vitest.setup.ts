import { beforeEach } from 'vitest';

// A failing integration test prints the simulator venues it ran against (seed and behaviour
// profile, registered by apps/bot/src/integration/sim-venue.ts) and how to replay them.
beforeEach((ctx) => {
  ctx.onTestFailed(() => {
    const venues = (globalThis as { __auroraSimVenues?: Set<string> }).__auroraSimVenues;
    if (!venues || venues.size === 0) return;
    const file = ctx.task.file.name;
    for (const v of venues) {
      const seed = /seed=(\d+)/.exec(v)?.[1] ?? '';
      const profile = /profile=(\w+)/.exec(v)?.[1] ?? '';
      process.stderr.write(
        `\n[${v}] replay: AURORA_TEST_SIM_SEED=${seed} AURORA_TEST_SIM_PROFILE=${profile} npx vitest run ${file} -t ${JSON.stringify(ctx.task.name)}\n`,
      );
    }
  });
});
