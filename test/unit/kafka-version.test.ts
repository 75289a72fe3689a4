import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { KAFKA_POM, KAFKA_VERSION } from '../../jobs/services/kafka-broker.ts';

describe('KAFKA_VERSION', () => {
  it('matches <kafka.version> in the pom that fetches the jars', () => {
    const pom = readFileSync(KAFKA_POM, 'utf8');
    expect(/<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1]).toBe(KAFKA_VERSION);
    expect(KAFKA_VERSION).toMatch(/^4\.\d+\.\d+$/);
  });
});
