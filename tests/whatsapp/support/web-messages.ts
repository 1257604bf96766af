import { randomUUID } from 'node:crypto';
import wwebjs from 'whatsapp-web.js';

export const OUR_ID = '6281100000000@c.us';

// The library exports its Message class at run time; its typings only describe the instance.
const MessageClass = (wwebjs as unknown as { Message: new (client: wwebjs.Client, data: object) => wwebjs.Message }).Message;

/** A real whatsapp-web.js Message from raw WhatsApp Web data. */
export function rawMessage(client: wwebjs.Client, data: object): wwebjs.Message {
  return new MessageClass(client, data);
}

export interface RawFields {
  from: string;
  body?: string;
  type?: string;
  fromMe?: boolean;
  author?: string;
  notifyName?: string;
  /** A downloadable media message (WhatsApp Web sets directPath). */
  media?: { mimetype: string; filename?: string; caption?: string };
  location?: { lat: number; lng: number; loc?: string };
}

/**
 * A real whatsapp-web.js Message built from the raw data WhatsApp Web hands the library (the
 * library's own constructor reads it), bound to a client that is never initialised.
 */
export function webMessage(client: wwebjs.Client, fields: RawFields): wwebjs.Message {
  const id = randomUUID().replace(/-/g, '').slice(0, 20).toUpperCase();
  const fromMe = fields.fromMe ?? false;
  const remote = fields.from;
  return rawMessage(client, {
    id: { fromMe, remote, id, _serialized: `${fromMe}_${remote}_${id}` },
    from: fields.from,
    to: OUR_ID,
    author: fields.author,
    body: fields.media ? '/9j/4AAQSkZJRgABAQ(thumbnail)' : (fields.body ?? ''),
    type: fields.type ?? 'chat',
    t: Math.floor(Date.now() / 1000),
    notifyName: fields.notifyName,
    ...(fields.media ? { directPath: '/v/t62.7118-24/abc', mimetype: fields.media.mimetype, filename: fields.media.filename, caption: fields.media.caption } : {}),
    ...(fields.location ? { lat: fields.location.lat, lng: fields.location.lng, loc: fields.location.loc } : {}),
  });
}
