import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const TextsSchema = z.object({
  /** Under numbered options where buttons are not available: "Balas 1, 2 atau 3." */
  choicePrompt: z.string().includes('{numbers}'),
  /** The word before the last number ("1, 2 atau 3"). */
  or: z.string().min(1),
  /** Body of a button or list message when the answer itself went out as text before it. */
  choiceBody: z.string().min(1).max(1024),
  /** The label of the button that opens a list message (WhatsApp allows 20 characters). */
  listButton: z.string().min(1).max(20),
  qrTitle: z.string().min(1),
  qrWaiting: z.string().min(1),
  qrLinked: z.string().min(1),
  qrHelp: z.string().min(1),
});

export type WhatsAppTexts = z.infer<typeof TextsSchema>;

/** WhatsApp's own wording (numbered options, list button, QR page) lives in data/whatsapp/<lang>.json. */
export function loadWhatsAppTexts(dataDir: string, lang = 'id'): WhatsAppTexts {
  const path = join(dataDir, 'whatsapp', `${lang}.json`);
  const result = TextsSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${path}: invalid WhatsApp texts, field "${issue?.path.join('.') ?? '(root)'}": ${issue?.message}`);
  }
  return result.data;
}
