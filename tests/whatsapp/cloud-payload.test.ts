import { describe, expect, it } from 'vitest';
import { fromCloudMessage } from '../../channels/whatsapp/cloud/messages.js';
import { readNotification } from '../../channels/whatsapp/cloud/payload.js';
import { messageRequest, readRequest, templateParameter, templateRequest, TEMPLATE_PARAMETER_MAX } from '../../channels/whatsapp/cloud/requests.js';
import { BUSINESS, buttonReply, imageMessage, listReply, statusUpdate, textMessage, voiceMessage } from './support/cloud-payloads.js';

const CITIZEN = '6281234567890';

function only(payload: unknown) {
  const { messages } = readNotification(payload);
  expect(messages).toHaveLength(1);
  return fromCloudMessage(messages[0]!);
}

describe('Cloud API webhook payloads', () => {
  it('reads a text message with the receiving number and the sender profile', () => {
    const { messages, statuses } = readNotification(textMessage(CITIZEN, 'brp biaya paspor', new Date(1_760_000_000_000)));
    expect(statuses).toEqual([]);
    expect(messages[0]?.phoneNumberId).toBe(BUSINESS.phoneNumberId);
    expect(fromCloudMessage(messages[0]!)).toMatchObject({
      waId: CITIZEN,
      name: 'Siti Aminah',
      text: 'brp biaya paspor',
      timestamp: new Date(1_760_000_000_000),
      attachments: [],
    });
  });

  it('reads tapped reply buttons and list rows as choices', () => {
    expect(only(buttonReply(CITIZEN, { id: 'Biaya SIM C', title: 'Biaya SIM C' }, 'wamid.prev'))?.choice).toEqual({ id: 'Biaya SIM C', title: 'Biaya SIM C' });
    expect(only(listReply(CITIZEN, { id: 'Biaya Paspor elektronik', title: 'Biaya Paspor elektronik', description: 'x' }, 'wamid.prev'))?.choice).toEqual({
      id: 'Biaya Paspor elektronik',
      title: 'Biaya Paspor elektronik',
    });
  });

  it('reads an image and a voice note as attachments with their media ids, opened through the console', () => {
    const image = only(imageMessage(CITIZEN));
    expect(image?.text).toBeUndefined();
    expect(image?.attachments[0]).toMatchObject({
      contentType: 'image/jpeg',
      name: 'image',
      contentUrl: '/console/api/media/whatsapp/1479537139650973',
      content: { kind: 'image', mediaId: '1479537139650973' },
    });
    expect(only(imageMessage(CITIZEN, new Date(), 'foto KK'))?.text).toBe('foto KK');
    const voice = only(voiceMessage(CITIZEN));
    expect(voice?.attachments[0]).toMatchObject({
      contentType: 'audio/ogg; codecs=opus',
      contentUrl: '/console/api/media/whatsapp/1003383421387256',
      content: { kind: 'voice', mediaId: '1003383421387256' },
    });
  });

  it('reads status updates and skips what is not shaped as documented', () => {
    expect(readNotification(statusUpdate('wamid.X', CITIZEN, 'delivered')).statuses).toMatchObject([{ id: 'wamid.X', status: 'delivered', recipient_id: CITIZEN }]);
    expect(readNotification({ object: 'page', entry: [] })).toEqual({ messages: [], statuses: [] });
    expect(readNotification(null)).toEqual({ messages: [], statuses: [] });
    expect(readNotification({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { messages: [{ id: 1 }] } }] }] })).toEqual({
      messages: [],
      statuses: [],
    });
  });

  it('skips reactions and unsupported messages', () => {
    const { messages } = readNotification({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: { phone_number_id: '1' }, messages: [{ from: CITIZEN, id: 'w1', timestamp: '1', type: 'reaction', reaction: { message_id: 'w0', emoji: '👍' } }] } }] }],
    });
    expect(fromCloudMessage(messages[0]!)).toBeNull();
  });
});

describe('Graph API requests', () => {
  it('builds text, reply-button and list messages', () => {
    expect(messageRequest(CITIZEN, { type: 'text', text: 'Halo' })).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: CITIZEN,
      type: 'text',
      text: { preview_url: false, body: 'Halo' },
    });
    expect(messageRequest(CITIZEN, { type: 'buttons', body: 'Pilih', buttons: [{ id: 'ya', title: 'Ya' }] })).toMatchObject({
      type: 'interactive',
      interactive: { type: 'button', body: { text: 'Pilih' }, action: { buttons: [{ type: 'reply', reply: { id: 'ya', title: 'Ya' } }] } },
    });
    expect(messageRequest(CITIZEN, { type: 'list', body: 'Pilih', button: 'Pilih', rows: [{ id: 'a', title: 'A' }] })).toMatchObject({
      type: 'interactive',
      interactive: { type: 'list', action: { button: 'Pilih', sections: [{ rows: [{ id: 'a', title: 'A' }] }] } },
    });
  });

  it('builds a template with the text as its body parameter, flattened and within limits', () => {
    expect(templateRequest(CITIZEN, { name: 'balasan_petugas', language: 'id' }, 'Baik Pak,\n\tberkas    diterima.')).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: CITIZEN,
      type: 'template',
      template: {
        name: 'balasan_petugas',
        language: { code: 'id' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Baik Pak, · berkas diterima.' }] }],
      },
    });
    const long = templateParameter('x '.repeat(2000));
    expect([...long].length).toBe(TEMPLATE_PARAMETER_MAX);
    expect(long).not.toMatch(/\n|\t| {5}/);
  });

  it('marks a message read with a typing indicator', () => {
    expect(readRequest('wamid.A')).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.A', typing_indicator: { type: 'text' } });
  });
});
