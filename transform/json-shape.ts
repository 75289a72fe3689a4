// narrowing for documents read with JSON.parse: publishers change shapes, parsers check before they read

export type Obj = Record<string, unknown>;

export const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
