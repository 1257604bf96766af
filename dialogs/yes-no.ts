export type YesNo = 'yes' | 'no' | 'unknown';

/** Reads an Indonesian yes/no answer ("iya boleh", "gak usah", "Ya, hubungkan"). "No" words win. */
export function readYesNo(text: string, words: { yes: string[]; no: string[] }): YesNo {
  const tokens = text.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
  if (tokens.some((t) => words.no.includes(t))) return 'no';
  if (tokens.some((t) => words.yes.includes(t))) return 'yes';
  return 'unknown';
}
