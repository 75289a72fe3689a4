// errors say what the runner should do with them; the throw site classifies
export class PipelineError extends Error {
  readonly retriable: boolean = true;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** network trouble, 429/5xx, broker or database down: try again later */
export class RetryableError extends PipelineError {}

/** bad input or layout drift: retrying will not help */
export class PermanentError extends PipelineError {
  override readonly retriable: boolean = false;
}

/** configuration or environment the operator must fix; the CLI exits 1 with the message */
export class ConfigError extends PermanentError {}

/** a local service (Kafka, Redis, ClickHouse) could not start; the message says how to fix it */
export class ServiceStartError extends ConfigError {}

const UNRECOVERABLE = new Set(['RangeError', 'ReferenceError', 'SyntaxError', 'TypeError']);

export function isRetriable(err: unknown): boolean {
  if (err instanceof PipelineError) return err.retriable;
  if (err instanceof Error && UNRECOVERABLE.has(err.name)) return false;
  return true;
}

/** A zod error as one line per record ('path: message; ...'), for dead letters and config errors that name the field. */
export function zodIssues(err: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return err.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ');
}
