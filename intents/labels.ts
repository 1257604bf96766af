/** The 13 intent labels: a fixed contract (DESIGN.md). */
export const INTENTS = [
  'greeting',
  'thanks',
  'ask_requirements',
  'ask_procedure',
  'ask_duration',
  'ask_fee',
  'ask_product',
  'ask_legal_basis',
  'ask_hours',
  'ask_location',
  'complaint',
  'human_handoff',
  'out_of_scope',
] as const;

export type Intent = (typeof INTENTS)[number];

export function isIntent(value: string): value is Intent {
  return (INTENTS as readonly string[]).includes(value);
}
