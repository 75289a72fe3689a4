// values written into SQL text (the kept tables' refreshes), quoted as ClickHouse reads them

/** A ClickHouse string literal. */
export const literal = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A DateTime64(3, 'UTC') literal of a time. */
export const dateTimeLiteral = (at: Date): string =>
  `toDateTime64(${literal(at.toISOString().replace('T', ' ').replace('Z', ''))}, 3, 'UTC')`;
