/*
 * Compiling generated code (the validator's fast path, the Parquet writer's check and shredder). Their sources
 * are written from a schema alone (names quoted with JSON.stringify); no event data ever reaches them.
 */

/**
 * The body of a generated module: `values` bound as `c0`, `c1`, … from the parameter `c`, then the
 * functions, then `return root`.
 */
export function generatedBody(values: number, functions: readonly string[], root: string): string {
  return [
    '"use strict";',
    ...Array.from({ length: values }, (_, i) => `const c${i} = c[${i}];`),
    ...functions,
    `return ${root};`,
  ].join('\n');
}

/**
 * `new Function(...params, body)`, or undefined where the process forbids code generation from strings
 * (`--disallow-code-generation-from-strings`): callers then take their interpreted path.
 */
export function compileBody<F>(params: readonly string[], body: string): F | undefined {
  try {
    return new Function(...params, body) as F;
  } catch (err) {
    if (err instanceof EvalError) return undefined;
    throw err;
  }
}
