import type { ComponentName, Service } from '../bot/catalogue/schema.js';
import type { Replies } from './replies.js';
import { INTENT_FOR_COMPONENT } from './intent-map.js';

export interface Answer {
  text: string;
  /** Quick replies that take the conversation further (e.g. the service's variants). */
  suggestions: string[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];
/** Five detail lines keep an answer within one phone screen; the rest is one tap away on the source. */
const MAX_ITEMS = 5;

/**
 * The answer to one service-standard question, short enough for a phone: the title, the most useful
 * line first, then details, then honesty notes (uncertainty, source). Pure: catalogue data in, text out.
 */
export function composeAnswer(
  service: Service,
  component: ComponentName,
  variantId: string | null,
  replies: Replies,
): Answer {
  const facts = service.components[component];
  const variant = service.variants.find((v) => v.id === variantId);
  const variantFacts = variant ? facts.byVariant?.find((v) => v.variant === variant.id) : undefined;

  const title = replies.format(replies.data.componentTitles[component] ?? '{service}', { service: service.name });
  const lines = [variantFacts && variant ? `${title} (${variant.name.toLowerCase()})` : title];
  lines.push(variantFacts?.summary ?? facts.summary);
  const items = variantFacts?.items ?? (variantFacts ? [] : facts.items ?? []);
  for (const item of items.slice(0, MAX_ITEMS)) lines.push(`• ${item}`);
  if (component === 'fee' && facts.regulation) lines.push(`Dasar: ${facts.regulation}.`);

  const suggestions: string[] = [];
  const otherVariants = (facts.byVariant ?? [])
    .map((v) => service.variants.find((s) => s.id === v.variant))
    .filter((v): v is Service['variants'][number] => v !== undefined && v.id !== variantId);
  if (!variantFacts) {
    // Other variants are offered as quick replies (numbered options on WhatsApp), not as more text.
    const intent = INTENT_FOR_COMPONENT[component];
    const topic = (intent && replies.data.intentChoices[intent]) || title;
    for (const v of otherVariants.slice(0, 3)) suggestions.push(`${topic} ${service.name} ${v.name.toLowerCase()}`);
  }
  if (facts.uncertain) lines.push(replies.format(replies.data.uncertainNote, { note: facts.uncertain }));
  lines.push(replies.format(replies.data.sourceNote, { source: facts.source.name, checked: formatDate(facts.source.checked) }));
  return { text: lines.join('\n'), suggestions };
}

function formatDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

