import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import wwebjs from 'whatsapp-web.js';

interface Unzipper {
  Extract(options: { path: string; concurrency?: number }): NodeJS.WritableStream;
}

// The unzipper that whatsapp-web.js itself loads for RemoteAuth (one of its optional dependencies).
const require = createRequire(import.meta.url);
const unzipper = createRequire(require.resolve('whatsapp-web.js'))('unzipper') as Unzipper;

/**
 * RemoteAuth that waits until a restored session is entirely on disk. The library resolves on the
 * unzip stream's `finish`, which comes before the files are written (wwebjs/whatsapp-web.js#2530),
 * so Chromium could open half a profile and ask for a new QR code; unzipper's `close` comes after.
 */
export class CompleteRemoteAuth extends wwebjs.RemoteAuth {
  async unCompressSession(zipPath: string): Promise<void> {
    const { userDataDir } = this as unknown as { userDataDir: string };
    await new Promise<void>((resolve, reject) => {
      createReadStream(zipPath)
        .on('error', reject)
        .pipe(unzipper.Extract({ path: userDataDir, concurrency: 10 }))
        .on('error', reject)
        .on('close', resolve);
    });
    await unlink(zipPath);
  }
}
