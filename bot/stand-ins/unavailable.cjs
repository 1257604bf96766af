'use strict';
// Helpers for the stand-ins in this folder (see stand-ins.json). CommonJS, because botbuilder require()s them.

function unavailable(library, name) {
  return new Error(`${library} is left out of Layani (bot/stand-ins): ${name} is not available`);
}

/**
 * A stand-in's exports (or one of its exported objects, named by `path`): `present` holds what botbuilder
 * reads while it loads; reading anything else throws an error that names the library and the export,
 * instead of handing botbuilder an undefined.
 */
function standIn(library, present, path = '') {
  return new Proxy(present, {
    get(target, name) {
      // Symbols and __esModule are read by module interop and inspection, not by code that uses the library.
      if (typeof name === 'symbol' || name === '__esModule' || name in target) return target[name];
      throw unavailable(library, `${path}${name}`);
    },
  });
}

/** A base class botbuilder extends while it loads; making one (through a subclass too) throws. */
function unavailableClass(library, name) {
  return class {
    constructor() {
      throw unavailable(library, name);
    }
  };
}

/** A function botbuilder calls only for features Layani does not use; calling it throws. */
function unavailableFunction(library, name) {
  return () => {
    throw unavailable(library, name);
  };
}

module.exports = { standIn, unavailableClass, unavailableFunction };
