import { vi } from 'vitest';

/** One call the tracer made on a segment, as X-Ray would have been told. */
export type SegmentCall = { segment: string; method: string; args: unknown[] };

/**
 * A stand-in for an X-Ray segment that records every call made on it and on the subsegments opened
 * from it, so a test can see everything the tracer would have sent.
 */
export class RecordingSegment {
  readonly subsegments: RecordingSegment[] = [];
  readonly name: string;
  readonly calls: SegmentCall[];

  constructor(name: string, calls: SegmentCall[]) {
    this.name = name;
    this.calls = calls;
  }

  #record(method: string, args: unknown[]) {
    this.calls.push({ segment: this.name, method, args });
  }

  addNewSubsegment(name: string): RecordingSegment {
    this.#record('addNewSubsegment', [name]);
    const subsegment = new RecordingSegment(name, this.calls);
    this.subsegments.push(subsegment);
    return subsegment;
  }
  addAnnotation(...args: unknown[]) {
    this.#record('addAnnotation', args);
  }
  addMetadata(...args: unknown[]) {
    this.#record('addMetadata', args);
  }
  addAttribute(...args: unknown[]) {
    this.#record('addAttribute', args);
  }
  addError(...args: unknown[]) {
    this.#record('addError', args);
  }
  addErrorFlag() {
    this.#record('addErrorFlag', []);
  }
  addFaultFlag() {
    this.#record('addFaultFlag', []);
  }
  addThrottleFlag() {
    this.#record('addThrottleFlag', []);
  }
  close(...args: unknown[]) {
    this.#record('close', args);
  }
}

/** Serializes recorded values so that an Error shows its message and stack too. */
export const serialized = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    item instanceof Error ? { ...item, name: item.name, message: item.message, stack: item.stack } : item,
  );

type Provider = { getSegment(): unknown; setSegment(segment: unknown): void };

/** Makes the tracer's provider answer a recording facade segment, and follow the segments it sets. */
export function recordTraces(tracer: { provider: unknown }): {
  calls: SegmentCall[];
  facade: RecordingSegment;
} {
  const calls: SegmentCall[] = [];
  const facade = new RecordingSegment('facade', calls);
  let active: unknown = facade;
  const provider = tracer.provider as Provider;
  vi.spyOn(provider, 'getSegment').mockImplementation(() => active);
  vi.spyOn(provider, 'setSegment').mockImplementation((segment: unknown) => {
    active = segment;
  });
  return { calls, facade };
}

/** Captures every line written to stdout, stderr or the console while a test runs. */
export function captureOutput(): string[] {
  const lines: string[] = [];
  const keep = (chunk: unknown) => {
    lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(keep);
  vi.spyOn(process.stderr, 'write').mockImplementation(keep);
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(args.map((arg) => (typeof arg === 'string' ? arg : serialized(arg))).join(' '));
    });
  }
  return lines;
}
