/**
 * Preloaded into the server under test by the bench (with --expose-gc): SIGUSR2 runs full garbage
 * collections, so that memory is read after garbage is gone. Three, a moment apart: after one, V8 keeps
 * old-space pages it has just emptied (RSS about twice the heap in use); the later ones compact and hand
 * them back, as V8's memory reducer does on its own in an idle process. Changes nothing else in the server.
 * Plain JavaScript, so that the server runs without a TypeScript loader, as `npm start` does.
 */
process.on('SIGUSR2', () => {
  let left = 3;
  const collect = () => {
    globalThis.gc?.();
    if (--left > 0) setTimeout(collect, 100);
  };
  collect();
});
