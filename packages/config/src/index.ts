import { en } from 'zod/locales';
import * as z from 'zod/mini';

// zod/mini loads no locale: without English a bad variable's message would only say "Invalid input".
if (!z.config().localeError) z.config(en());

type Env = Record<string, string | undefined>;

/** Validates environment variables against a zod object schema; throws one Error naming every bad variable. */
export function loadConfig<S extends z.ZodMiniType>(schema: S, env: Env = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.map(String).join('.') || '(environment)';
    const value = issue.path.length === 1 ? env[String(issue.path[0])] : undefined;
    return value === undefined
      ? `${name}: missing (${issue.message})`
      : `${name}: invalid (${issue.message})`;
  });
  // Only names and zod's messages, never values: a secret must not end up in a log.
  throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
}

/**
 * Returns a getter that validates the environment on its first call and then answers from memory,
 * so a Lambda module reads its config once per cold start (and a module import never throws).
 */
export function defineConfig<S extends z.ZodMiniType>(schema: S): (env?: Env) => z.infer<S> {
  let cached: { value: z.infer<S> } | undefined;
  return (env?: Env) => {
    // An explicit env (tests) is validated fresh and not cached.
    if (env) return loadConfig(schema, env);
    cached ??= { value: loadConfig(schema, process.env) };
    return cached.value;
  };
}
