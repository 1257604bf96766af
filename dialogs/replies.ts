import { join } from 'node:path';
import { z } from 'zod';
import { readDataFile } from '../bot/data-file.js';

const Lines = z.array(z.string().min(1)).min(1);

const RepliesSchema = z.object({
  welcome: Lines,
  thanks: Lines,
  askService: Lines,
  askServiceRetry: Lines,
  clarify: Lines,
  notUnderstood: Lines,
  outOfScope: Lines,
  offerOfficer: Lines,
  officerDeclined: Lines,
  handoffUnavailable: Lines,
  complaintAck: Lines,
  complaintGeneral: Lines,
  hours: Lines,
  empty: Lines,
  tooLong: Lines,
  noWords: Lines,
  unsupportedMedia: Lines,
  error: Lines,
  queueJoined: Lines,
  queueLeft: Lines,
  officerJoined: Lines,
  botBack: Lines,
  closedRating: Lines,
  ratingThanks: Lines,
  outOfHours: Lines,
  messageLeft: Lines,
  leaveMessageCancelled: Lines,
  hoursEnded: Lines,
  waitUnknown: z.string(),
  waitMinutes: z.string(),
  cancelWords: z.array(z.string()),
  cancelLabel: z.string(),
  uncertainNote: z.string(),
  sourceNote: z.string(),
  componentTitles: z.record(z.string(), z.string()),
  intentChoices: z.record(z.string(), z.string()),
  welcomeSuggestions: z.array(z.string()),
  yesNoRetry: Lines,
  yes: z.array(z.string()),
  no: z.array(z.string()),
  yesLabel: z.string(),
  noLabel: z.string(),
});

type RepliesData = z.infer<typeof RepliesSchema>;
export type ReplyKey = { [K in keyof RepliesData]: RepliesData[K] extends string[] ? K : never }[keyof RepliesData] &
  Exclude<keyof RepliesData, 'yes' | 'no' | 'welcomeSuggestions' | 'cancelWords'>;

/** Citizen-facing texts live in data/replies/<lang>.json so that agencies edit wording, not code. */
export class Replies {
  constructor(readonly data: RepliesData) {}

  static load(dataDir: string, lang = 'id'): Replies {
    const path = join(dataDir, 'replies', `${lang}.json`);
    return new Replies(readDataFile(path, RepliesSchema, 'reply texts', Error));
  }

  /** The reply's lines joined by newlines, `{name}` placeholders filled from `vars`. */
  text(key: ReplyKey, vars: Record<string, string | number> = {}): string {
    return this.data[key].map((line) => fill(line, vars)).join('\n');
  }

  format(template: string, vars: Record<string, string | number>): string {
    return fill(template, vars);
  }
}

function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
