/**
 * Preloaded into the server under test by the bench (with --expose-gc): SIGUSR2 runs a full garbage
 * collection, so that memory is read after garbage is gone. Changes nothing else in the server.
 * Plain JavaScript, so that the server runs without a TypeScript loader, as `npm start` does.
 */
process.on('SIGUSR2', () => {
  globalThis.gc?.();
});
