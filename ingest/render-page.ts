// the one playwright import: it only renders; cheerio does all the parsing on the rendered HTML
import { chromium } from 'playwright';
import { existsSync } from 'node:fs';
import { ConfigError, RetryableError } from '../schemas/errors.ts';

export interface RenderOptions {
  chromiumPath: string;
  timeoutMs: number;
  userAgent: string;
}

// starting a browser is not a request: on a cold or busy machine it takes longer than a page should
const LAUNCH_TIMEOUT_MS = 60_000;

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Loads the page in headless Chromium, waits for the network to settle, returns the rendered HTML. */
export async function renderPage(url: string, opts: RenderOptions): Promise<string> {
  if (!existsSync(opts.chromiumPath)) {
    throw new ConfigError(
      `Chromium not found at ${opts.chromiumPath}: apt-get install -y chromium, or set REBAR_CHROMIUM_PATH`,
    );
  }
  const browser = await chromium.launch({
    executablePath: opts.chromiumPath,
    args: FLAGS,
    timeout: Math.max(opts.timeoutMs, LAUNCH_TIMEOUT_MS),
  });
  try {
    const page = await browser.newPage({ userAgent: opts.userAgent });
    try {
      await page.goto(url, { waitUntil: 'networkidle', timeout: opts.timeoutMs });
    } catch (err) {
      throw new RetryableError(`render ${url}: ${(err as Error).message.split('\n')[0]}`, { cause: err });
    }
    return await page.content();
  } finally {
    await browser.close();
  }
}
