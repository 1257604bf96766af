import { describe, expect, it } from 'vitest';
import { bold, toWhatsAppText } from '../../channels/whatsapp/convert/format.js';

describe('toWhatsAppText', () => {
  it('puts the title line of a bot answer in bold and keeps bullets', () => {
    const text = 'Biaya Paspor\nPaspor elektronik Rp650.000.\n• Non-elektronik: Rp350.000.\n• Percepatan: Rp1.000.000.';
    expect(toWhatsAppText(text, { boldTitle: true })).toBe(
      '*Biaya Paspor*\nPaspor elektronik Rp650.000.\n• Non-elektronik: Rp350.000.\n• Percepatan: Rp1.000.000.',
    );
  });

  it('keeps numbered lists as typed', () => {
    const text = 'Cara mengurus SKCK\n1. Daftar online.\n2. Datang ke Polres.';
    expect(toWhatsAppText(text, { boldTitle: true })).toBe('*Cara mengurus SKCK*\n1. Daftar online.\n2. Datang ke Polres.');
  });

  it('leaves a one-line reply and an officer message without bold', () => {
    expect(toWhatsAppText('Mohon balas "ya" atau "tidak".', { boldTitle: true })).toBe('Mohon balas "ya" atau "tidak".');
    expect(toWhatsAppText('Baik Pak,\nberkas sudah kami terima.', { boldTitle: false })).toBe('Baik Pak,\nberkas sudah kami terima.');
  });

  it('does not bold a first line that is a sentence rather than a title', () => {
    const text = 'Maaf, saya belum dapat membaca gambar, suara, atau berkas.\nSilakan ketik pertanyaan Anda.';
    expect(toWhatsAppText(text, { boldTitle: true })).toBe(text);
    expect(toWhatsAppText('Apakah maksud Anda salah satu dari ini?\n• a', { boldTitle: true })).toMatch(/^Apakah/);
    expect(toWhatsAppText(`${'Judul '.repeat(20)}\nisi`, { boldTitle: true })).toMatch(/^Judul/);
  });

  it('does not bold a first line that is already a list item', () => {
    expect(toWhatsAppText('• satu\n• dua', { boldTitle: true })).toBe('• satu\n• dua');
    expect(toWhatsAppText('1. satu\n2. dua', { boldTitle: true })).toBe('1. satu\n2. dua');
  });

  it('normalises line endings and drops trailing blank lines', () => {
    expect(toWhatsAppText('Judul\r\nisi  \r\n\r\n', { boldTitle: true })).toBe('*Judul*\nisi');
    expect(toWhatsAppText('', { boldTitle: true })).toBe('');
  });
});

describe('bold', () => {
  it('removes asterisks that would end the bold early and trims inside', () => {
    expect(bold(' SIM *C* ')).toBe('*SIM C*');
    expect(bold('**')).toBe('');
  });
});
