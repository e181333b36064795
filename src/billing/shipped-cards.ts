/**
 * The rate cards shipped in `rate-cards/` at the repository root. The directory is found from this
 * module's own location (import.meta.url), walking up, so it is the same from `src/billing` under
 * tsx, `dist/billing` (tsconfig.build.json) and `dist/src/billing` (tsc -p tsconfig.json).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRateCard, RateCardError, type RateCard } from './rate-card.js';

const DIR_NAME = 'rate-cards';

/** The shipped cards' directory, or `undefined` when none is found within four levels up. */
export function shippedCardsDir(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    dir = path.dirname(dir);
    const candidate = path.join(dir, DIR_NAME);
    if (fs.existsSync(candidate) && fs.statSync(candidate).isDirectory()) return candidate;
  }
  return undefined;
}

/**
 * Every `*.csv` card in the directory, oldest first. A card that does not parse, or whose
 * `version` is not its file name, fails the whole load: a pricing table must not start half-read.
 */
export function loadShippedCards(options: { dir?: string } = {}): RateCard[] {
  const dir = options.dir ?? shippedCardsDir();
  if (!dir) throw new Error(`no ${DIR_NAME}/ directory found above ${fileURLToPath(import.meta.url)}`);
  const cards = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.csv'))
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      let card: RateCard;
      try {
        card = parseRateCard(fs.readFileSync(file, 'utf8'));
      } catch (err) {
        if (err instanceof RateCardError) throw new Error(`${file}: ${err.message}`, { cause: err });
        throw err;
      }
      if (`${card.version}.csv` !== name) throw new Error(`${file}: version "${card.version}" does not match the file name`);
      return card;
    });
  return cards.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
}
