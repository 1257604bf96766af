import type { FastifyInstance } from 'fastify';
import { ConsoleError } from './errors.js';

type MediaParams = { Params: { mediaId: string } };

const mediaSchema = {
  params: {
    type: 'object',
    properties: { mediaId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,128}$' } },
    required: ['mediaId'],
    additionalProperties: false,
  },
} as const;

// Shown in the page or the browser's viewer; everything else (SVG, HTML, audio, office files…) is saved.
const INLINE = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf']);
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'application/pdf': 'pdf',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'text/plain': 'txt',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

/**
 * GET /console/api/media/whatsapp/:mediaId — a citizen's WhatsApp attachment for a signed-in officer
 * or supervisor (the desk scope's session hook). The channel fetches it with its own credentials; the
 * console only streams it back, never from a channel that cannot (404).
 */
export async function mediaRoutes(app: FastifyInstance): Promise<void> {
  app.get<MediaParams>('/media/whatsapp/:mediaId', { schema: mediaSchema }, async (request, reply) => {
    if (!app.hasDecorator('whatsapp')) throw notFound();
    const { mediaId } = request.params;
    let media;
    try {
      media = await app.whatsapp.fetchMedia(mediaId);
    } catch (err) {
      request.log.warn({ err }, 'whatsapp media could not be fetched');
      throw new ConsoleError(502, 'upstream', 'Lampiran tidak dapat diambil dari WhatsApp saat ini. Coba lagi.');
    }
    if (media.kind === 'not_found') throw notFound();
    if (media.kind === 'too_large') {
      throw new ConsoleError(413, 'too_large', `Lampiran terlalu besar untuk ditampilkan (lebih dari ${Math.floor(media.limit / (1024 * 1024))} MB).`);
    }
    const essence = media.contentType.split(';')[0]!.trim().toLowerCase();
    const extension = EXTENSIONS[essence];
    const filename = `whatsapp-${mediaId}${extension ? `.${extension}` : ''}`;
    void reply
      .header('content-type', media.contentType)
      .header('content-disposition', `${INLINE.has(essence) ? 'inline' : 'attachment'}; filename="${filename}"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store');
    return reply.send(media.body);
  });
}

function notFound(): ConsoleError {
  return new ConsoleError(404, 'not_found', 'Lampiran tidak ditemukan atau sudah kedaluwarsa.');
}
