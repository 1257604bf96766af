import WebSocket from 'ws';
import XMLHttpRequest from 'xhr2';

/**
 * botframework-directlinejs is a browser library: under Node it needs XMLHttpRequest (rxjs' ajax) and
 * a global WebSocket (it checks for one before using streams). Import this before the library.
 */
const g = globalThis as Record<string, unknown>;
g.XMLHttpRequest ??= XMLHttpRequest;
g.WebSocket ??= WebSocket;

/** A WebSocket that remembers its instances, so a test can cut the client's connection. */
export class TrackedWebSocket extends WebSocket {
  static readonly instances: TrackedWebSocket[] = [];
  constructor(url: string) {
    super(url);
    TrackedWebSocket.instances.push(this);
  }
}
