import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../bot/catalogue/load.js';
import { createNlu } from '../../intents/index.js';
import { loadSavedModel, saveModel, trainingFingerprint } from '../../intents/saved-model.js';

const scratch = mkdtempSync(join(tmpdir(), 'layani-model-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const catalogue = loadCatalogue(join('data', 'services'));
const trained = createNlu({ catalogue, dataDir: 'data' });

describe('saved model', () => {
  it('loads back exactly what was saved, and understands as the trained model does', () => {
    const file = join(scratch, 'model.bin');
    const fingerprint = trainingFingerprint('data');
    saveModel(file, trained.model(), fingerprint);
    const loaded = loadSavedModel(file, fingerprint);
    expect(loaded).toBeDefined();
    expect(loaded).toEqual(trained.model());
    const fromFile = createNlu({ catalogue, dataDir: 'data', model: loaded });
    for (const text of ['berapa biaya perpanjang sim', 'mau ngomong sama petugas', 'cuaca besok gimana']) {
      expect(fromFile.understand(text)).toEqual(trained.understand(text));
    }
  });

  it('is ignored when the training data changed, or when the file is damaged', () => {
    const data = join(scratch, 'data');
    cpSync('data', data, { recursive: true });
    const file = join(scratch, 'model-2.bin');
    saveModel(file, trained.model(), trainingFingerprint(data));
    expect(loadSavedModel(file, trainingFingerprint(data))).toBeDefined();

    const phrases = join(data, 'intents', 'train', 'ask_fee.txt');
    writeFileSync(phrases, `${readFileSync(phrases, 'utf8')}\nongkosnya berapaan ya\n`);
    expect(loadSavedModel(file, trainingFingerprint(data))).toBeUndefined();

    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 8));
    expect(loadSavedModel(file, trainingFingerprint('data'))).toBeUndefined();
    writeFileSync(file, 'not a model');
    expect(loadSavedModel(file, trainingFingerprint('data'))).toBeUndefined();
    expect(loadSavedModel(join(scratch, 'missing.bin'), 'x')).toBeUndefined();
  });
});
