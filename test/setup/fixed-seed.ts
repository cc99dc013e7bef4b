import fc from 'fast-check';

/**
 * Mutation testing only (vitest.mutate.config.ts): every property test draws the same cases on every run, so
 * a mutant is killed or survives for the code it changes, never for the cases one run happened to draw, and
 * Stryker's initial run (which must pass) and each mutant's run test the same inputs.
 * MUTATE_SEED=<n> measures under another seed.
 */
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(process.env.MUTATE_SEED ?? 20_261_206) });
