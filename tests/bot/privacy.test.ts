import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../bot/privacy.js';

describe('maskPersonalData', () => {
  it('masks a NIK, phone numbers and e-mail addresses', () => {
    expect(maskPersonalData('nik saya 3174012345678901 tolong cek')).toBe('nik saya [nik] tolong cek');
    expect(maskPersonalData('hubungi 0812-3456-7890 atau +62 812 3456 7890')).toBe('hubungi [telepon] atau [telepon]');
    expect(maskPersonalData('wa 6281234567890 ya')).toBe('wa [telepon] ya');
    expect(maskPersonalData('email: budi.santoso@mail.co.id')).toBe('email: [email]');
  });

  it('leaves ordinary numbers and text alone', () => {
    const text = 'biaya paspor Rp650.000, antrean nomor 123, tahun 2026';
    expect(maskPersonalData(text)).toBe(text);
    expect(maskPersonalData('nomor 12345678901234567')).toBe('nomor 12345678901234567');
  });
});
