import type { Activity } from 'botbuilder-core';

export type InputCheck =
  | { kind: 'text'; text: string }
  | { kind: 'empty' }
  | { kind: 'tooLong' }
  | { kind: 'noWords' }
  | { kind: 'unsupportedMedia' };

// Control characters (binary junk) other than tab and newline, and the replacement character.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/g;

/** Decides whether a message can go to understanding, and if not, which polite answer it gets. */
export function checkInput(activity: Partial<Activity>, maxLength: number): InputCheck {
  const raw = typeof activity.text === 'string' ? activity.text : '';
  const hasMedia = (activity.attachments?.length ?? 0) > 0;
  const text = raw.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  if (text.length === 0) return hasMedia ? { kind: 'unsupportedMedia' } : { kind: 'empty' };
  // Counted in characters (an emoji is one); a text no longer than that in UTF-16 units is short enough.
  if (text.length > maxLength && [...text].length > maxLength) return { kind: 'tooLong' };
  if (!/[\p{L}\p{N}]/u.test(text)) return { kind: 'noWords' };
  return { kind: 'text', text };
}
