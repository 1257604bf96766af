import wwebjs from 'whatsapp-web.js';
import { describe, expect, it } from 'vitest';
import { LOCATION_CONTENT_TYPE } from '../../channels/whatsapp/convert/incoming.js';
import { fromWebMessage, isIgnored } from '../../channels/whatsapp/web/messages.js';
import { webMessage } from './support/web-messages.js';

// A real client, never initialised: only its Message class reads the raw data here.
const client = new wwebjs.Client({});

describe('whatsapp-web.js messages', () => {
  it('reads a text message with the citizen id and profile name', () => {
    const message = webMessage(client, { from: '6281234567890@c.us', body: 'syarat paspor', notifyName: 'Budi' });
    expect(isIgnored(message)).toBe(false);
    expect(fromWebMessage(message)).toMatchObject({ waId: '6281234567890@c.us', name: 'Budi', text: 'syarat paspor', attachments: [] });
  });

  it('ignores groups, status broadcasts, channels and our own messages', () => {
    expect(isIgnored(webMessage(client, { from: '120363025246125888@g.us', author: '6281234567890@c.us', body: 'halo' }))).toBe(true);
    expect(isIgnored(webMessage(client, { from: 'status@broadcast', author: '6281234567890@c.us', body: 'story' }))).toBe(true);
    expect(isIgnored(webMessage(client, { from: '120363000000000000@newsletter', body: 'info' }))).toBe(true);
    expect(isIgnored(webMessage(client, { from: '6281234567890@c.us', fromMe: true, body: 'halo' }))).toBe(true);
    expect(isIgnored(webMessage(client, { from: '201234567890123@lid', body: 'halo' }))).toBe(false);
  });

  it('reads a voice note as an attachment without text', () => {
    const inbound = fromWebMessage(webMessage(client, { from: '6281234567890@c.us', type: 'ptt', media: { mimetype: 'audio/ogg; codecs=opus' } }));
    expect(inbound?.text).toBeUndefined();
    expect(inbound?.attachments).toEqual([
      { contentType: 'audio/ogg; codecs=opus', name: 'voice', content: { kind: 'voice', whatsappMessageId: inbound?.messageId } },
    ]);
  });

  it('reads an image caption as text and never the thumbnail', () => {
    const withCaption = fromWebMessage(webMessage(client, { from: '6281234567890@c.us', type: 'image', media: { mimetype: 'image/jpeg', caption: 'ini KTP saya' } }));
    expect(withCaption?.text).toBe('ini KTP saya');
    const without = fromWebMessage(webMessage(client, { from: '6281234567890@c.us', type: 'image', media: { mimetype: 'image/jpeg' } }));
    expect(without?.text).toBeUndefined();
    expect(without?.attachments[0]?.contentType).toBe('image/jpeg');
  });

  it('reads documents, stickers and locations', () => {
    const doc = fromWebMessage(webMessage(client, { from: '6281234567890@c.us', type: 'document', media: { mimetype: 'application/pdf', filename: 'akta.pdf' } }));
    expect(doc?.attachments[0]).toMatchObject({ contentType: 'application/pdf', name: 'akta.pdf' });
    const sticker = fromWebMessage(webMessage(client, { from: '6281234567890@c.us', type: 'sticker', media: { mimetype: 'image/webp' } }));
    expect(sticker?.attachments[0]).toMatchObject({ contentType: 'image/webp', name: 'sticker' });
    const place = fromWebMessage(webMessage(client, { from: '6281234567890@c.us', type: 'location', location: { lat: -6.2, lng: 106.8, loc: 'Kantor Imigrasi\nJl. Rasuna Said' } }));
    expect(place?.attachments[0]).toMatchObject({ contentType: LOCATION_CONTENT_TYPE, name: 'Kantor Imigrasi, Jl. Rasuna Said' });
  });

  it('skips what is not a message to answer', () => {
    expect(fromWebMessage(webMessage(client, { from: '6281234567890@c.us', type: 'e2e_notification' }))).toBeNull();
    expect(fromWebMessage(webMessage(client, { from: '6281234567890@c.us', type: 'revoked' }))).toBeNull();
  });
});
