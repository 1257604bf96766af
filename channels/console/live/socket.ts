import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { OfficerDesk } from '../../../bot/handoff/api.js';
import type { ConsoleGuard } from '../auth/guard.js';
import { publicEvent } from '../api/public.js';

export interface LiveOptions {
  desk: OfficerDesk;
  guard: ConsoleGuard;
  hub: LiveHub;
  now: () => number;
  /** How often an open socket checks that its session still lives (and sends a keep-alive). */
  checkEveryMs?: number;
}

/** Close code telling the page to sign in again. */
export const SESSION_ENDED = 4401;
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** The console's open sockets by session, so logging out closes them at once. */
export class LiveHub {
  private readonly bySession = new Map<string, Set<WebSocket>>();

  add(sessionId: string, socket: WebSocket): void {
    let sockets = this.bySession.get(sessionId);
    if (!sockets) this.bySession.set(sessionId, (sockets = new Set()));
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0 && this.bySession.get(sessionId) === sockets) this.bySession.delete(sessionId);
    });
  }

  closeSession(sessionId: string): void {
    for (const socket of this.bySession.get(sessionId) ?? []) socket.close(SESSION_ENDED, 'session ended');
  }

  closeAll(): void {
    for (const sockets of this.bySession.values()) for (const socket of sockets) socket.close(1001, 'server closing');
  }
}

/**
 * GET /console/ws: desk events pushed live to signed-in officers, as `{ now, event }` (the server's
 * clock, so waiting times are right even when the officer's computer clock is not). The upgrade needs
 * the session cookie and this server's Origin; the socket closes when the session ends.
 */
export async function liveRoutes(app: FastifyInstance, options: LiveOptions): Promise<void> {
  const { desk, guard, hub } = options;
  const checkEveryMs = options.checkEveryMs ?? 30_000;

  app.get(
    '/console/ws',
    {
      websocket: true,
      onRequest: [
        // Browsers always send Origin on a WebSocket upgrade; one without it is refused too.
        async (request) => guard.checkOrigin(request, { required: true }),
        guard.authenticate,
      ],
    },
    (socket, request) => {
      const { sessionId } = guard.officer(request);
      hub.add(sessionId, socket);
      const send = (message: unknown) => {
        if (socket.readyState !== socket.OPEN) return;
        // A page that stopped reading must not make the server hold events without end.
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) return socket.terminate();
        socket.send(JSON.stringify(message));
      };
      const subscription = desk.subscribe((event) => send({ now: options.now(), event: publicEvent(event) }));
      const check = setInterval(() => {
        void guard.stillSignedIn(sessionId).then(
          (ok) => (ok ? socket.ping() : socket.close(SESSION_ENDED, 'session ended')),
          () => socket.close(1011, 'session check failed'),
        );
      }, checkEveryMs);
      socket.on('close', () => {
        clearInterval(check);
        void subscription.then((unsubscribe) => unsubscribe());
      });
      socket.on('error', () => socket.terminate());
      // Hello once events are heard: the page reloads its lists then, and misses nothing after.
      void subscription.then(() => send({ now: options.now(), hello: true }));
    },
  );
}
