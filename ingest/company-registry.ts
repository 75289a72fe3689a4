import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Company } from '../schemas/company.ts';
import { ConfigError, zodIssues } from '../schemas/errors.ts';
import { readCsvRecords } from '../transform/csv.ts';
import { REPO_ROOT } from '../schemas/repo-root.ts';

export const REGISTRY_DIR = path.join(REPO_ROOT, 'registry');
export const COMPANIES_FILE = path.join(REGISTRY_DIR, 'companies.csv');

/** The reviewed company registry; any bad row stops the start with its line and reason (it is config, not a feed). */
export function loadCompanies(file = COMPANIES_FILE, loadedAt = new Date()): Company[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`company registry ${file}: ${(err as Error).message}`, { cause: err });
  }
  const problems: string[] = [];
  const companies: Company[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of readCsvRecords(text).records) {
    const r = Company.safeParse({
      ...cells,
      tracked: cells.tracked === 'true' ? true : cells.tracked === 'false' ? false : cells.tracked,
      loaded_at: loadedAt.toISOString(),
    });
    if (!r.success) {
      problems.push(`line ${line}: ${zodIssues(r.error)}`);
      continue;
    }
    for (const key of [r.data.cik, r.data.ticker]) {
      if (seen.has(key)) problems.push(`line ${line}: ${key} already on line ${seen.get(key)}`);
      seen.set(key, line);
    }
    companies.push(r.data);
  }
  if (problems.length) throw new ConfigError(`company registry ${file} has bad rows:\n  ${problems.join('\n  ')}`);
  if (!companies.length) throw new ConfigError(`company registry ${file} lists no company`);
  return companies;
}
