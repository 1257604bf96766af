import { expect } from 'vitest';
import type { Layani } from '../../../bot/app.js';
import { startLayani } from '../../support/layani.js';
import { addOfficer } from '../../support/officers.js';
import { APP_SECRET, BUSINESS, sign } from './cloud-payloads.js';
import type { FakeGraph } from './fake-graph.js';

export interface CloudLayani {
  layani: Layani;
  base: string;
  /** Posts a webhook payload signed with the test app secret; Meta's 200 is expected. */
  post(payload: unknown): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole composition `npm start` builds with WHATSAPP_MODE=cloud, talking to a fake Graph API, with
 * the officer "budi" in the console and the clock held where the test wants it.
 */
export async function startCloudLayani(graph: FakeGraph, now: number): Promise<CloudLayani> {
  const { layani, url: base, close } = await startLayani(
    {
      OFFICER_ACCOUNTS_FILE: addOfficer('budi'),
      WHATSAPP_MODE: 'cloud',
      WHATSAPP_VERIFY_TOKEN: 'verify-token',
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_ACCESS_TOKEN: 'EAAtest',
      WHATSAPP_PHONE_NUMBER_ID: BUSINESS.phoneNumberId,
      WHATSAPP_GRAPH_URL: graph.url,
    },
    () => now,
  );
  return {
    layani,
    base,
    async post(payload) {
      const raw = JSON.stringify(payload);
      const response = await fetch(`${base}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) },
        body: raw,
      });
      expect(response.status).toBe(200);
    },
    close,
  };
}
