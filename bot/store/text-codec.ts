import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { BoundedMap } from '../bounded-map.js';
import { DICTIONARY_1 } from './text-dictionary.js';

/**
 * Long texts kept in Redis (catalogue answers, mostly, which both the Direct Line log and the transcript
 * hold) are stored deflated against a preset dictionary of the catalogue's wording: a 700-byte answer
 * takes 30–120. A packed text is the number of its dictionary followed by base64 (`1…`), so a later
 * dictionary can sit beside this one and every stored text stays readable.
 *
 * Deflating against a 32 KiB dictionary costs 50–90 µs, but answers repeat across conversations: the
 * last texts packed and unpacked are remembered, and in the steady state a turn deflates nothing.
 */
const DICTIONARIES = new Map([['1', Buffer.from(DICTIONARY_1)]]);
const CURRENT = '1';
const REMEMBERED = 256;

/** Text → its packed form, or null when deflating does not make it shorter. */
const packed = new BoundedMap<string, string | null>(REMEMBERED);
/** Packed form → text. */
const unpacked = new BoundedMap<string, string>(REMEMBERED);

/** The text deflated, or undefined when that would not make it shorter than its UTF-8 bytes. */
export function packText(text: string): string | undefined {
  let known = packed.get(text);
  if (known === undefined) {
    const bytes = Buffer.from(text);
    const deflated = CURRENT + deflateRawSync(bytes, { dictionary: DICTIONARIES.get(CURRENT)! }).toString('base64');
    known = deflated.length < bytes.length ? deflated : null;
    packed.set(text, known);
  }
  return known ?? undefined;
}

/** The text a `packText` result stands for. */
export function unpackText(value: string): string {
  const known = unpacked.get(value);
  if (known !== undefined) return known;
  const dictionary = DICTIONARIES.get(value.charAt(0));
  if (!dictionary) throw new Error(`packed text names an unknown dictionary "${value.charAt(0)}"`);
  const text = inflateRawSync(Buffer.from(value.slice(1), 'base64'), { dictionary }).toString();
  unpacked.set(value, text);
  return text;
}
