import { describe, expect, it } from 'vitest';
import { BOT_ACCOUNT, citizenActivity, outgoingActivity } from '../../channels/webchat/directline/activity.js';
import { activityFromKeptParts, activityParts, keptParts, restoredActivity, storedAndPlain } from '../../channels/webchat/store/stored-activity.js';

const CONVERSATION = 'p3luBf0kcyRQD6V-7uzVFA';
const NOW = new Date('2026-11-23T21:59:28.080Z');
const ANSWER = 'Biaya Paspor\nPaspor elektronik Rp650.000 (5 tahun) atau Rp950.000 (10 tahun).\n• Paspor non-elektronik: Rp350.000 (5 tahun).\nSumber: PP 45/2024 (dicek 23 Nov 2026).';

function citizen(text: string, conversationId = CONVERSATION): Record<string, unknown> {
  return citizenActivity(
    { type: 'message', from: { id: 'x', name: 'Siti' }, text, locale: 'id-ID' },
    { conversationId, userId: 'dl_2LxQMaFlTmW_dxPG', serviceUrl: 'https://layani.example.go.id/', now: NOW },
  );
}

function reply(text: string, conversationId = CONVERSATION): Record<string, unknown> {
  return outgoingActivity(
    {
      type: 'message',
      text,
      inputHint: 'acceptingInput',
      suggestedActions: { actions: [{ type: 'imBack', value: 'Biaya Paspor elektronik', title: 'Biaya Paspor elektronik' }], to: [] },
      channelId: 'webchat',
      locale: 'id-ID',
      serviceUrl: 'https://layani.example.go.id/',
      conversation: { id: conversationId } as never,
      from: { id: BOT_ACCOUNT.id, role: 'bot' } as never,
      recipient: { id: 'dl_2LxQMaFlTmW_dxPG', role: 'user' } as never,
      replyToId: `${conversationId}|0000001`,
      timestamp: new Date('2026-11-23T21:59:28.083Z'),
    },
    conversationId,
    NOW,
  );
}

/** The stored form alone. */
const storedActivity = (activity: Record<string, unknown>, conversationId: string) => storedAndPlain(activity, conversationId)[0];

/** What a JSON round trip gives: the log has always kept activities as JSON. */
const asJson = (activity: Record<string, unknown>) => JSON.parse(JSON.stringify(activity)) as Record<string, unknown>;

describe('stored Direct Line activities', () => {
  it('read back exactly as the activity was, for what citizens, the bot and officers send', () => {
    const officer = outgoingActivity(
      { type: 'message', text: 'Halo, saya Budi.', from: { id: 'officer:budi', name: 'budi', role: 'officer' } as never },
      CONVERSATION,
      NOW,
    );
    const typing = outgoingActivity({ type: 'typing', from: { id: 'budi', name: 'budi', role: 'officer' } as never }, CONVERSATION, NOW);
    const withAttachment = citizenActivity(
      { type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'data:image/png;base64,AAAA', name: 'ktp.png' }], channelData: { x: 1 } },
      { conversationId: CONVERSATION, userId: 'dl_u', serviceUrl: 'http://127.0.0.1:3978/', now: NOW },
    );
    for (const activity of [citizen('biaya paspor berapa?'), reply(ANSWER), reply('Sama-sama.'), officer, typing, withAttachment]) {
      expect(restoredActivity(storedActivity(activity, CONVERSATION), CONVERSATION)).toStrictEqual(asJson(activity));
    }
  });

  it('come with the plain JSON of the activity without its id, for announcing it', () => {
    const odd = { id: 'x|0000009', type: 'event', timestamp: '2026-11-23T21:59:28Z', name: 'ping', value: { conversation: CONVERSATION } };
    const onlyOwn = { timestamp: NOW.toISOString(), replyToId: `${CONVERSATION}|0000001` };
    for (const activity of [citizen('biaya paspor berapa?'), reply(ANSWER), { ...reply('Sama-sama.'), id: `${CONVERSATION}|0000003` }, odd, onlyOwn, { type: 'typing' }, {}]) {
      const [stored, plain] = storedAndPlain(activity, CONVERSATION);
      const { id: _id, ...withoutId } = activity as Record<string, unknown>;
      expect(JSON.parse(plain)).toStrictEqual(asJson(withoutId));
      expect(restoredActivity(stored, CONVERSATION)).toStrictEqual(asJson(withoutId));
    }
  });

  it('keep what does not follow the usual shape as it is', () => {
    const odd = [
      { type: 'message', text: 'no channel, no conversation, no timestamp' },
      { type: 'message', timestamp: '2026-11-23T21:59:28Z', channelId: 'other', conversation: { id: CONVERSATION, name: 'x' } },
      { type: 'event', timestamp: 1795471168080, from: { id: 'u', role: 'user' }, value: null, text: 42 },
      { type: 'message', text: `the id ${CONVERSATION} said by the citizen, and ${CONVERSATION}|0000001`, from: { role: 'user' } },
    ];
    for (const activity of odd) {
      expect(restoredActivity(storedActivity(activity, CONVERSATION), CONVERSATION)).toStrictEqual(asJson(activity));
    }
  });

  it('work for any conversation id, however it is spelt', () => {
    for (const id of ['a', 'a.b*c+d?(e)[f]$^', 'conv|with|bars', '"quoted"\\', 'ümlaut']) {
      for (const activity of [citizen(`said in ${id}`, id), reply(ANSWER, id)]) {
        expect(restoredActivity(storedActivity(activity, id), id)).toStrictEqual(asJson(activity));
      }
    }
  });

  it('leave out what the conversation implies and pack what many conversations repeat', () => {
    const answer = reply(ANSWER);
    const stored = storedActivity(answer, CONVERSATION);
    expect(stored).not.toContain(CONVERSATION);
    expect(stored).not.toContain('Paspor');
    expect(stored.length).toBeLessThan(JSON.stringify(answer).length / 2);
    // Another conversation's copy of the same answer packs the same shared part.
    const sharedPart = (entry: string) => (JSON.parse(entry.replaceAll('\u0001', '')) as [unknown, string])[1];
    expect(sharedPart(storedActivity(reply(ANSWER, 'another-conversation'), 'another-conversation'))).toBe(sharedPart(stored));
  });

  it('split into a part of its own and a part that other conversations share word for word', () => {
    const roundTrip = (activity: Record<string, unknown>, id: string) => {
      const [own, shared] = keptParts(activity, id);
      return activityFromKeptParts(own, shared, id);
    };
    const odd = [
      { type: 'typing', from: { id: 'dl_x', role: 'user' } },
      { type: 'message', conversation: { id: CONVERSATION, name: 'x' }, timestamp: 1795471168080, text: 'no role' },
      { type: 'message', conversation: { id: 'another' }, timestamp: '2026-11-23T21:59:28Z' },
    ];
    for (const id of [CONVERSATION, 'conv|with|bars', 'ümlaut']) {
      for (const activity of [citizen('biaya paspor berapa?', id), reply(ANSWER, id), ...odd]) {
        expect(roundTrip(activity, id)).toStrictEqual(asJson(activity));
      }
    }
    for (const parts of [activityParts, keptParts]) {
      const [ownHere, sharedHere] = parts(reply(ANSWER), CONVERSATION);
      const [, sharedThere] = parts(reply(ANSWER, 'another-conversation'), 'another-conversation');
      expect(sharedThere).toBe(sharedHere);
      expect(sharedHere).toContain('Paspor');
      expect(ownHere).not.toContain('Paspor');
      const [citizenOwn, citizenShared] = parts(citizen('biaya paspor berapa?'), CONVERSATION);
      expect(citizenOwn).toContain('biaya paspor berapa?');
      expect(citizenShared).toBe(parts(citizen('syarat KTP?', 'another-conversation'), 'another-conversation')[1]);
    }
  });

  it('read entries written before, the activity as plain JSON, unchanged', () => {
    const written = asJson(reply(ANSWER));
    expect(restoredActivity(JSON.stringify(written), CONVERSATION)).toStrictEqual(written);
  });
});
