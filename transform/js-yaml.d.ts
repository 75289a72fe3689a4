// the part of js-yaml rebar uses (the package ships no types; @types/js-yaml would be one more dependency for one call)
declare module 'js-yaml' {
  export function load(text: string, opts?: { json?: boolean }): unknown;
}
