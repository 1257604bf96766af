/**
 * Preloaded into the server under test by the bench (with --expose-gc): SIGUSR2 runs a full garbage
 * collection, so that memory is read after garbage is gone. Changes nothing else in the server.
 */
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
});
