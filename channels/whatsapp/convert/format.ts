/**
 * Our reply texts are plain: lines separated by "\n", bullet lines starting with "• ", numbered lines
 * ("1. …"), and the first line of a bot answer is its title. WhatsApp shows `*text*` in bold, keeps
 * bullets and numbers as typed, and has no headings: the title becomes a bold first line.
 */
export function toWhatsAppText(text: string, options: { boldTitle: boolean }): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((line) => line.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const [first, ...rest] = lines;
  if (first === undefined) return '';
  // A one-line reply has no title; neither have officers' own messages.
  if (!options.boldTitle || rest.length === 0 || !isTitle(first)) return lines.join('\n');
  return [bold(first), ...rest].join('\n');
}

/** Titles are short labels ("Biaya Paspor"); a first line that is a sentence ("Maaf, …") stays plain. */
const TITLE_MAX = 80;

function isTitle(line: string): boolean {
  const trimmed = line.trim();
  return (
    trimmed.length > 0 &&
    trimmed.length <= TITLE_MAX &&
    !/[.?!:;,…]$/.test(trimmed) &&
    !trimmed.startsWith('• ') &&
    !/^\d+[.)] /.test(trimmed)
  );
}

/** WhatsApp bolds `*text*` only without spaces inside the asterisks; asterisks in the text would end it early. */
export function bold(text: string): string {
  const inner = text.replace(/\*/g, '').trim();
  return inner.length > 0 ? `*${inner}*` : '';
}
