import type { ComponentName } from '../bot/catalogue/schema.js';
import type { Intent } from '../intents/labels.js';

/** Which service-standard component answers which intent. */
export const COMPONENT_FOR_INTENT: Partial<Record<Intent, ComponentName>> = {
  ask_requirements: 'requirements',
  ask_procedure: 'procedure',
  ask_duration: 'duration',
  ask_fee: 'fee',
  ask_product: 'product',
  ask_legal_basis: 'legalBasis',
  ask_location: 'location',
};

export type ServiceIntent = keyof typeof COMPONENT_FOR_INTENT;

export function isServiceQuestion(intent: Intent): boolean {
  return intent in COMPONENT_FOR_INTENT;
}

export const INTENT_FOR_COMPONENT = Object.fromEntries(
  Object.entries(COMPONENT_FOR_INTENT).map(([intent, component]) => [component, intent]),
) as Record<ComponentName, Intent | undefined>;
