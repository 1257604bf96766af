import type { Activity } from 'botbuilder-core';
import type { WhatsAppTexts } from '../texts.js';
import { LIMITS, truncate } from './split.js';

/** One option the bot offers (a quick reply): what the citizen sees, and what we pass back to the bot. */
export interface Choice {
  title: string;
  value: string;
}

export interface ReplyButton {
  id: string;
  title: string;
}

export interface ListRow {
  id: string;
  title: string;
  description?: string;
}

/** The quick replies of an activity, as WhatsApp choices. */
export function choicesOf(activity: Partial<Activity>): Choice[] {
  const actions = activity.suggestedActions?.actions ?? [];
  return actions
    .map((a) => {
      const value = a.value === undefined || a.value === null ? String(a.title ?? '') : String(a.value);
      const title = String(a.title ?? value);
      return { title: title.trim(), value: value.trim() };
    })
    .filter((c) => c.title.length > 0 && c.value.length > 0);
}

/** "1, 2 atau 3" */
export function numberList(count: number, or: string): string {
  const numbers = Array.from({ length: count }, (_, i) => String(i + 1));
  if (numbers.length <= 1) return numbers.join('');
  return `${numbers.slice(0, -1).join(', ')} ${or} ${numbers[numbers.length - 1]}`;
}

/** Where WhatsApp has no buttons (linked phone): the choices as a numbered list and how to answer. */
export function numberedChoices(choices: Choice[], texts: WhatsAppTexts): string {
  const lines = choices.map((c, i) => `${i + 1}. ${c.title}`);
  lines.push(texts.choicePrompt.replace('{numbers}', numberList(choices.length, texts.or)));
  return lines.join('\n');
}

/**
 * The id of a button or list row is the value itself, so a tap carries the bot's answer back without
 * any state (an old button still works after a restart).
 */
function choiceId(choice: Choice): string {
  return truncate(choice.value, LIMITS.choiceId);
}

/** Up to three choices whose titles fit a button (20 characters) become reply buttons. */
export function fitsReplyButtons(choices: Choice[]): boolean {
  return choices.length > 0 && choices.length <= LIMITS.buttons && choices.every((c) => [...c.title].length <= LIMITS.buttonTitle);
}

export function replyButtons(choices: Choice[]): ReplyButton[] {
  return choices.map((c) => ({ id: choiceId(c), title: c.title }));
}

/** Up to ten choices fit a list message; a title longer than a row's 24 characters continues in its description. */
export function fitsList(choices: Choice[]): boolean {
  return choices.length > 0 && choices.length <= LIMITS.listRows;
}

export function listRows(choices: Choice[]): ListRow[] {
  return choices.map((c) => {
    const title = truncate(c.title, LIMITS.listRowTitle);
    return title === c.title
      ? { id: choiceId(c), title }
      : { id: choiceId(c), title, description: truncate(c.title, LIMITS.listRowDescription) };
  });
}

/** The choice a citizen picked by typing its number ("2", "2.", " 2 "), if that number was offered. */
export function choiceByNumber(text: string, offered: Choice[]): Choice | undefined {
  const match = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
  if (!match) return undefined;
  return offered[Number(match[1]) - 1];
}
