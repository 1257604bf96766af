/**
 * A trained model saved by the build (`npm start` builds, then starts), so that a start loads it instead of
 * training. The file names the data it was trained on by a fingerprint; a start whose data differs (edited
 * phrases, another DATA_DIR) ignores the file and trains.
 *
 * Layout: 4-byte length of a JSON header {fingerprint, classes, features, domainWords, weights, bias}, the
 * header, then the weights and the bias as little-endian float64 (as Float64Array stores them here).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainedModel } from './classifier.js';

/** The folders whose files the model is trained from: phrases, lexicon, and the catalogue's service names. */
const TRAINING_INPUTS = [join('intents', 'train'), 'lexicon', 'services'];

/** A hash of every file the model is trained from, in a fixed order. */
export function trainingFingerprint(dataDir: string): string {
  const hash = createHash('sha256');
  for (const dir of TRAINING_INPUTS) {
    const root = join(dataDir, dir);
    if (!existsSync(root)) continue;
    for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }).sort()) {
      const path = join(root, file);
      let content: Buffer;
      try {
        content = readFileSync(path);
      } catch {
        continue; // a folder
      }
      hash.update(`${dir}/${file}\0${content.length}\0`).update(content);
    }
  }
  return hash.digest('hex');
}

interface Header {
  fingerprint: string;
  classes: number;
  features: string[];
  domainWords: string[];
  weights: number;
  bias: number;
}

export function saveModel(file: string, model: TrainedModel, fingerprint: string): void {
  const header: Header = {
    fingerprint,
    classes: model.classes,
    features: model.features,
    domainWords: model.domainWords,
    weights: model.weights.length,
    bias: model.bias.length,
  };
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const weights = Buffer.from(model.weights.buffer, model.weights.byteOffset, model.weights.byteLength);
  const bias = Buffer.from(model.bias.buffer, model.bias.byteOffset, model.bias.byteLength);
  writeFileSync(file, Buffer.concat([length, json, weights, bias]));
}

/** The saved model when the file exists, is whole and was trained on data with this fingerprint. */
export function loadSavedModel(file: string, fingerprint: string): TrainedModel | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    const headerLength = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString('utf8')) as Header;
    if (header.fingerprint !== fingerprint) return undefined;
    const start = 4 + headerLength;
    if (bytes.length !== start + (header.weights + header.bias) * 8) return undefined;
    // Copied into fresh, aligned buffers (a Buffer's offset need not be a multiple of 8).
    const floats = new Float64Array(header.weights + header.bias);
    new Uint8Array(floats.buffer).set(bytes.subarray(start));
    return {
      classes: header.classes,
      features: header.features,
      domainWords: header.domainWords,
      weights: floats.slice(0, header.weights),
      bias: floats.slice(header.weights),
    };
  } catch {
    return undefined; // truncated or not ours: train instead
  }
}
