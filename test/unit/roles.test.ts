import { describe, expect, it } from 'vitest';
import { allRoles, opensWarehouse, parseRoles, ROLES } from '../../jobs/roles/roles.ts';
import { ConfigError } from '../../schemas/errors.ts';

describe('parseRoles', () => {
  it('all by default and for "all"; a list as given', () => {
    expect([...parseRoles(undefined)]).toEqual([...ROLES]);
    expect(allRoles(parseRoles('all'))).toBe(true);
    expect([...parseRoles('transformer, sink')]).toEqual(['transformer', 'sink']);
    expect(allRoles(parseRoles('transformer,sink'))).toBe(false);
  });
  it('an unknown role is a ConfigError naming it and the choices', () => {
    expect(() => parseRoles('transformer,sinks')).toThrow(ConfigError);
    expect(() => parseRoles('transformer,sinks')).toThrow(/unknown role sinks; choose from scheduler, fetcher/);
    expect(() => parseRoles('')).toThrow(/unknown role/);
  });
  it('only the sink and web open the warehouse', () => {
    expect(opensWarehouse(parseRoles('scheduler,fetcher,transformer'))).toBe(false);
    expect(opensWarehouse(parseRoles('web'))).toBe(true);
    expect(opensWarehouse(parseRoles('sink'))).toBe(true);
  });
});
