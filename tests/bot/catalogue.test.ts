import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../bot/catalogue/load.js';

const IDS = ['akta-kelahiran', 'bpjs-kesehatan', 'kartu-keluarga', 'ktp-el', 'nib', 'paspor', 'sim', 'skck'];

function copyOfCatalogue(): string {
  const dir = mkdtempSync(join(tmpdir(), 'layani-catalogue-'));
  cpSync('data/services', dir, { recursive: true });
  return dir;
}

describe('service catalogue', () => {
  it('has the eight contract services, each with every component', () => {
    const catalogue = loadCatalogue('data/services');
    expect(catalogue.map((s) => s.id).sort()).toEqual(IDS);
    for (const service of catalogue) {
      expect(service.components.fee.regulation.length).toBeGreaterThan(5);
      expect(service.components.legalBasis.regulation.length).toBeGreaterThan(5);
    }
  });

  it('a missing field stops the start, naming the file and the field', () => {
    const dir = copyOfCatalogue();
    const file = join(dir, 'sim.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    delete data.components.fee.regulation;
    writeFileSync(file, JSON.stringify(data));
    expect(() => loadCatalogue(dir)).toThrow(/sim\.json[\s\S]*components\.fee\.regulation/);
  });

  it('invalid JSON and unknown variants are named too', () => {
    const dir = copyOfCatalogue();
    writeFileSync(join(dir, 'nib.json'), '{ "id": "nib", ');
    expect(() => loadCatalogue(dir)).toThrow(/nib\.json: not valid JSON/);

    const other = copyOfCatalogue();
    const file = join(other, 'paspor.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.components.fee.byVariant = [{ variant: 'kilat', summary: 'Tidak ada' }];
    writeFileSync(file, JSON.stringify(data));
    expect(() => loadCatalogue(other)).toThrow(/paspor\.json[\s\S]*components\.fee\.byVariant\.0\.variant.*kilat/);
  });
});
