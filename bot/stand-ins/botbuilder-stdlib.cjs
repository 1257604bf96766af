'use strict';
// botbuilder-stdlib's index loads, besides the helpers botbuilder-core uses, a compatibility layer for
// Azure's HTTP pipeline (@azure/core-rest-pipeline, @azure/core-client) that only the Bot Framework
// service's client needs. This stand-in forwards the two helpers botbuilder-core calls, from their own files,
// and leaves the rest out: 3.1 MB of heap and 60 ms of start-up (BENCHMARKS.md, thirteenth round).
const { standIn } = require('./unavailable.cjs');
const { delay } = require('botbuilder-stdlib/lib/delay.js');
const { stringify } = require('botbuilder-stdlib/lib/stringify.js');

module.exports = standIn('botbuilder-stdlib', { delay, stringify });
