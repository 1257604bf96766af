'use strict';
// Microsoft's number recognizers, which botbuilder-dialogs' prompt module loads for choice prompts (it
// recognizes "the second one" or "2" as a choice). Layani's prompts are text prompts; its own classifier
// reads the citizen's words. Loaded, the recognizers held 3.7 MB of heap (BENCHMARKS.md, thirteenth round).
const { standIn, unavailableFunction } = require('./unavailable.cjs');

const LIBRARY = '@microsoft/recognizers-text-number';

module.exports = standIn(LIBRARY, {
  recognizeNumber: unavailableFunction(LIBRARY, 'recognizeNumber'),
  recognizeOrdinal: unavailableFunction(LIBRARY, 'recognizeOrdinal'),
});
