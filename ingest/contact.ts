import { ConfigError } from '../schemas/errors.ts';
import type { SourceSpec } from './source.ts';

// the shipped default names no real contact: SEC (and polite crawling) needs the operator's own
export function hasContact(userAgent: string): boolean {
  const email = /[\w.+-]+@[\w-]+(\.[\w-]+)+/.exec(userAgent)?.[0];
  return Boolean(email && !email.endsWith('.invalid') && !email.endsWith('@example.com'));
}

export function assertContact(source: SourceSpec, userAgent: string): void {
  if (!hasContact(userAgent)) {
    throw new ConfigError(
      `${source.name}: ${new URL(source.url).host} requires a User-Agent with a contact e-mail; set REBAR_USER_AGENT, e.g. "rebar (research@yourcompany.com)"`,
    );
  }
}
