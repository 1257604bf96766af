/**
 * Preloaded into the server under test by the bench (with --expose-gc): SIGUSR2 runs full garbage
 * collections, so that memory is read after garbage is gone. Three, a moment apart: after one, V8 keeps
 * old-space pages it has just emptied (RSS about twice the heap in use); the later ones hand those back.
 * They compact only pages that are mostly empty: pages left half full by garbage that died in the old
 * generation stay held until V8's memory reducer runs with the process quiet (seen 12–21 s later, or not
 * within 25 s while 10,000 streams were open), which the bench does not wait for. Changes nothing else
 * in the server.
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
