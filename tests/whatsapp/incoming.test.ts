import { describe, expect, it } from 'vitest';
import { LOCATION_CONTENT_TYPE, locationAttachment, mediaAttachment, toActivity } from '../../channels/whatsapp/convert/incoming.js';

const context = { botId: '106540352242922', serviceUrl: 'whatsapp://cloud' };
const base = { waId: '6281234567890', messageId: 'wamid.A1', timestamp: new Date(1_760_000_000_000), name: 'Siti', attachments: [] };

describe('toActivity', () => {
  it('makes a citizen message activity with a stable conversation per WhatsApp id', () => {
    const activity = toActivity({ ...base, text: ' syarat paspor ' }, context);
    expect(activity).toMatchObject({
      type: 'message',
      id: 'wamid.A1',
      channelId: 'whatsapp',
      serviceUrl: 'whatsapp://cloud',
      from: { id: '6281234567890', name: 'Siti', role: 'user' },
      recipient: { id: '106540352242922', role: 'bot' },
      conversation: { id: 'wa:6281234567890' },
      text: 'syarat paspor',
    });
    expect(activity.timestamp).toEqual(new Date(1_760_000_000_000));
    expect(activity.attachments).toBeUndefined();
  });

  it('keeps an @lid id as the citizen id (it is not a phone number)', () => {
    const activity = toActivity({ ...base, waId: '201234567890123@lid', text: 'halo' }, context);
    expect(activity.from?.id).toBe('201234567890123@lid');
    expect(activity.conversation?.id).toBe('wa:201234567890123@lid');
  });

  it('puts a chosen reply in text and what was tapped in value', () => {
    const activity = toActivity({ ...base, choice: { id: 'Biaya Paspor elektronik', title: 'Biaya Paspor elek…' } }, context);
    expect(activity.text).toBe('Biaya Paspor elektronik');
    expect(activity.value).toEqual({ choice: { id: 'Biaya Paspor elektronik', title: 'Biaya Paspor elek…' } });
  });

  it('passes media without text, keeping the attachment for an officer', () => {
    const voice = mediaAttachment('voice', { mimeType: 'audio/ogg; codecs=opus', source: { mediaId: '1234' } });
    const activity = toActivity({ ...base, attachments: [voice] }, context);
    expect(activity.text).toBeUndefined();
    expect(activity.attachments).toEqual([{ contentType: 'audio/ogg; codecs=opus', name: 'voice', content: { kind: 'voice', mediaId: '1234' } }]);
  });
});

describe('attachments', () => {
  it('defaults the content type and names a document by its file name', () => {
    expect(mediaAttachment('sticker', { source: {} }).contentType).toBe('image/webp');
    expect(mediaAttachment('document', { mimeType: 'application/pdf', fileName: 'kk.pdf', source: {} }).name).toBe('kk.pdf');
  });

  it('gives a location a map link and its label', () => {
    const place = locationAttachment({ latitude: -6.1754, longitude: 106.8272, name: 'Monas', address: 'Jakarta Pusat' });
    expect(place.contentType).toBe(LOCATION_CONTENT_TYPE);
    expect(place.contentUrl).toContain('-6.1754,106.8272');
    expect(place.name).toBe('Monas, Jakarta Pusat');
    expect(place.content).toEqual({ latitude: -6.1754, longitude: 106.8272, name: 'Monas', address: 'Jakarta Pusat' });
  });
});
