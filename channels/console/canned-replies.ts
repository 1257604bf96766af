import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export interface CannedReply {
  /** Short label on the button. */
  title: string;
  /** The text put into the reply box (the officer may edit it before sending). */
  text: string;
}

const CannedRepliesSchema = z.object({
  replies: z.array(z.object({ title: z.string().min(1).max(40), text: z.string().min(1).max(1000) })).max(50),
});

/** data/console/canned-replies.json: a broken file stops the start, naming the file. */
export function loadCannedReplies(dataDir: string): CannedReply[] {
  const file = join(dataDir, 'console', 'canned-replies.json');
  const parsed = CannedRepliesSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data.replies;
}
