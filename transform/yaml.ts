// the one js-yaml import: Aider publishes its leaderboards as YAML
import { load } from 'js-yaml';
import { PermanentError } from '../schemas/errors.ts';

/** Parses a YAML document; a malformed one is a permanent error with the parser's reason. */
export function readYaml(text: string): unknown {
  try {
    return load(text);
  } catch (err) {
    throw new PermanentError(`not YAML: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
}
