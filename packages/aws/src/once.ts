/**
 * A getter that builds its value on the first call and answers that same value for the life of the
 * container: clients and adapters are made when a function first needs them, never on import.
 */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
