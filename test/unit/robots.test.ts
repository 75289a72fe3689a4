import { describe, expect, it } from 'vitest';
import { isAllowed, parseRobots } from '../../ingest/robots.ts';
import { retryAfterMs } from '../../ingest/http-fetch.ts';

const ROBOTS = `
User-agent: *
Disallow: /private/
Allow: /private/pricing
Disallow: /*.pdf$

User-agent: rebar
User-agent: other-bot
Disallow: /api/
`;

describe('robots.txt', () => {
  it('uses the group naming our product token, else *', () => {
    const mine = parseRobots(ROBOTS, 'rebar');
    expect(isAllowed(mine, '/api/v1/models')).toBe(false);
    expect(isAllowed(mine, '/private/x')).toBe(true);
    const others = parseRobots(ROBOTS, 'somebot');
    expect(isAllowed(others, '/private/x')).toBe(false);
    expect(isAllowed(others, '/api/v1/models')).toBe(true);
  });

  it('the longest match wins, Allow on ties; wildcards and $ anchor', () => {
    const any = parseRobots(ROBOTS, 'somebot');
    expect(isAllowed(any, '/private/pricing')).toBe(true);
    expect(isAllowed(any, '/docs/sheet.pdf')).toBe(false);
    expect(isAllowed(any, '/docs/sheet.pdf?x=1')).toBe(true);
  });

  it('an empty robots.txt allows everything', () => {
    expect(isAllowed(parseRobots('', 'rebar'), '/anything')).toBe(true);
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
  });
});
