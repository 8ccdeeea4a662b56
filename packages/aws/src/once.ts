/**
 * A getter that builds its value on the first call and answers that same value for the life of the
 * container: clients and adapters are made when a function first needs them, never on import.
 * Mark each call with the `@__PURE__` annotation comment: esbuild then leaves out of a function's
 * bundle every getter (and the adapter behind it) that the function never uses.
 */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
