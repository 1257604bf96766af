import { createRequire } from 'node:module';
import type { Service } from '../../bot/catalogue/schema.js';
import { isIntent, type Intent } from '../labels.js';
import type { Example } from '../training.js';

/** What the baseline says about one message. */
export interface BaselineAnswer {
  intent: Intent;
  confidence: number;
  service: string | null;
}

interface NlpJs {
  settings: Record<string, unknown>;
  /** Extract entities even when no training phrase uses them. */
  forceNER: boolean;
  addLanguage(locale: string): void;
  addDocument(locale: string, text: string, intent: string): void;
  addNerRuleOptionTexts(locale: string, entity: string, option: string, texts: string[]): void;
  train(): Promise<void>;
  process(locale: string, text: string): Promise<{
    intent: string;
    score: number;
    entities?: Array<{ entity: string; option?: string }>;
  }>;
}

/**
 * The baseline: NLP.js (`@nlpjs/nlp` with `@nlpjs/lang-id`, the pieces `@nlpjs/basic` bundles) trained on
 * the same phrases, services as enumerated entities (forced NER) from the service aliases. Its `None` is
 * our out_of_scope.
 */
export async function trainNlpJs(
  examples: readonly Example[],
  catalogue: readonly Service[],
): Promise<(text: string) => Promise<BaselineAnswer>> {
  const require = createRequire(import.meta.url);
  const { containerBootstrap, Nlp } = withoutWarnings(() => require('@nlpjs/basic')) as {
    containerBootstrap(): Promise<{ use(plugin: unknown): void; get(name: 'nlp'): NlpJs }>;
    Nlp: unknown;
  };
  const { LangId } = require('@nlpjs/lang-id') as { LangId: unknown };
  const container = await containerBootstrap();
  container.use(Nlp);
  container.use(LangId);
  const nlp = container.get('nlp');
  nlp.settings.autoSave = false;
  nlp.settings.calculateSentiment = false;
  nlp.settings.nlu = { log: false };
  nlp.forceNER = true;
  nlp.addLanguage('id');
  for (const e of examples) nlp.addDocument('id', e.text, e.intent);
  for (const s of catalogue) {
    const aliases = [s.name, ...s.aliases];
    nlp.addNerRuleOptionTexts('id', 'service', s.id, aliases);
  }
  await quietly(() => nlp.train());
  return async (text) => {
    const result = await nlp.process('id', text);
    const service = result.entities?.find((e) => e.entity === 'service')?.option ?? null;
    const intent = isIntent(result.intent) ? result.intent : 'out_of_scope';
    return { intent, confidence: result.score, service };
  };
}

/** Loading @nlpjs/basic makes its bundled pino warn about a deprecated option; not our report's business. */
function withoutWarnings<T>(load: () => T): T {
  const emitWarning = process.emitWarning;
  process.emitWarning = () => undefined;
  try {
    return load();
  } finally {
    process.emitWarning = emitWarning;
  }
}

/** NLP.js prints training progress on the console; the evaluation report should stay readable. */
async function quietly<T>(run: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = () => undefined;
  try {
    return await run();
  } finally {
    console.log = log;
  }
}
