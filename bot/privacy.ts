/**
 * Citizens type personal data into chats. Anything that goes to logs passes through here first:
 * NIK (16 digits), phone numbers and e-mail addresses are masked.
 */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
const NIK = /(?<!\d)\d{16}(?!\d)/g;
// Indonesian phone numbers: +62 / 62 / 0 followed by 8–13 digits, allowing spaces, dots and dashes.
const PHONE = /(?<![\d+])(?:\+?62|0)[\s.-]?8(?:[\s.-]?\d){7,12}(?!\d)/g;

export function maskPersonalData(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(NIK, '[nik]')
    .replace(PHONE, '[telepon]');
}
