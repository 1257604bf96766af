import { readFileSync } from 'node:fs';

const here = new URL('./', import.meta.url);

function lines(file: string): string[] {
  return readFileSync(new URL(file, here), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
}

/** Questions a citizen sends end to end (no complaints, no requests for an officer). */
export function citizenQuestions(): string[] {
  return lines('questions.txt');
}

/** Every bench phrase, for the classifier: the questions plus complaints and requests for an officer. */
export function classifierPhrases(): string[] {
  return [...lines('questions.txt'), ...lines('other.txt')];
}
