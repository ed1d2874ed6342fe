// Property tests explore new random cases on every local run; in CI they replay one fixed seed, so a
// run is reproducible (the seed is printed with any counterexample; FC_SEED overrides it).
import fc from 'fast-check';

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261124 : undefined;
if (seed !== undefined) fc.configureGlobal({ seed });
