import type { Activity } from 'botbuilder-core';
import type { WhatsAppTexts } from '../texts.js';
import { choicesOf, fitsList, fitsReplyButtons, listRows, numberedChoices, replyButtons, type Choice, type ListRow, type ReplyButton } from './choices.js';
import { toWhatsAppText } from './format.js';
import { LIMITS, splitText } from './split.js';

/** What a WhatsApp transport sends: plain text, or (Cloud API only) reply buttons or a list message. */
export type OutgoingMessage =
  | { type: 'text'; text: string }
  | { type: 'buttons'; body: string; buttons: ReplyButton[] }
  | { type: 'list'; body: string; button: string; rows: ListRow[] };

export interface Rendered {
  messages: OutgoingMessage[];
  /** The choices offered, in the order shown, so that a typed "2" can be mapped back. */
  choices: Choice[];
}

export interface RenderOptions {
  /** The Cloud API has reply buttons and list messages; a linked phone (whatsapp-web.js) has not. */
  interactive: boolean;
  texts: WhatsAppTexts;
}

/** One bot or officer activity as the WhatsApp messages that carry it. Pure. */
export function renderActivity(activity: Partial<Activity>, options: RenderOptions): Rendered {
  const text = toWhatsAppText(activity.text ?? '', { boldTitle: activity.from?.role !== 'officer' });
  const choices = choicesOf(activity);
  if (choices.length === 0) return { messages: textMessages(text), choices };

  if (options.interactive && fitsList(choices)) {
    const parts = splitText(text, LIMITS.text);
    // The end of the answer becomes the interactive message's body (1024 characters); the rest goes first as text.
    const last = splitText(parts.pop() ?? '', LIMITS.interactiveBody);
    const body = last.pop() ?? options.texts.choiceBody;
    parts.push(...last);
    const interactive: OutgoingMessage = fitsReplyButtons(choices)
      ? { type: 'buttons', body, buttons: replyButtons(choices) }
      : { type: 'list', body, button: options.texts.listButton, rows: listRows(choices) };
    return { messages: [...parts.map((part): OutgoingMessage => ({ type: 'text', text: part })), interactive], choices };
  }

  const numbered = numberedChoices(choices, options.texts);
  return { messages: textMessages(text ? `${text}\n\n${numbered}` : numbered), choices };
}

function textMessages(text: string): OutgoingMessage[] {
  return splitText(text, LIMITS.text).map((part) => ({ type: 'text', text: part }));
}
