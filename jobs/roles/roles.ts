import { ConfigError } from '../../schemas/errors.ts';

// what one `rebar run` process does; any combination, all by default (one process, as `npm start`)
export const ROLES = ['scheduler', 'fetcher', 'transformer', 'sink', 'web'] as const;
export type Role = (typeof ROLES)[number];

/** "all", or roles separated by commas: each known, none twice. */
export function parseRoles(text: string | undefined): Set<Role> {
  if (text === undefined || text.trim() === 'all') return new Set(ROLES);
  const asked = text.split(',').map((r) => r.trim());
  const unknown = asked.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length || asked.length === 0)
    throw new ConfigError(
      `--role ${text}: unknown role ${unknown.join(', ') || '(none)'}; choose from ${ROLES.join(', ')} or all`,
    );
  return new Set(asked as Role[]);
}

/** The roles that open the warehouse: with the embedded chDB, one process holds its data folder. */
export const opensWarehouse = (roles: Set<Role>): boolean => roles.has('sink') || roles.has('web');

export const allRoles = (roles: Set<Role>): boolean => ROLES.every((r) => roles.has(r));
