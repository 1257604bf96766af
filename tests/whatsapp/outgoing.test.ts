import type { Activity } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';
import { renderActivity } from '../../channels/whatsapp/convert/outgoing.js';
import { LIMITS } from '../../channels/whatsapp/convert/split.js';
import { texts } from './support/texts.js';

function activity(text: string, titles: string[] = [], role = 'bot'): Partial<Activity> {
  return {
    type: 'message',
    text,
    from: { id: 'layani', name: 'Layani', role },
    ...(titles.length > 0 ? { suggestedActions: { to: [], actions: titles.map((t) => ({ type: 'imBack', title: t, value: t })) } } : {}),
  };
}

const feeAnswer = 'Biaya Paspor\nPaspor elektronik Rp650.000 (5 tahun).\n• Non-elektronik: Rp350.000.';

describe('renderActivity', () => {
  it('sends a plain answer as one bold-titled text', () => {
    const rendered = renderActivity(activity(feeAnswer), { interactive: true, texts });
    expect(rendered.messages).toEqual([{ type: 'text', text: '*Biaya Paspor*\nPaspor elektronik Rp650.000 (5 tahun).\n• Non-elektronik: Rp350.000.' }]);
    expect(rendered.choices).toEqual([]);
  });

  it('numbers the choices under the answer where buttons are not available', () => {
    const rendered = renderActivity(activity(feeAnswer, ['Biaya Paspor non-elektronik', 'Biaya Paspor elektronik']), { interactive: false, texts });
    expect(rendered.messages).toHaveLength(1);
    expect(rendered.messages[0]).toEqual({
      type: 'text',
      text: `*Biaya Paspor*\nPaspor elektronik Rp650.000 (5 tahun).\n• Non-elektronik: Rp350.000.\n\n1. Biaya Paspor non-elektronik\n2. Biaya Paspor elektronik\nBalas 1 atau 2.`,
    });
    expect(rendered.choices.map((c) => c.value)).toEqual(['Biaya Paspor non-elektronik', 'Biaya Paspor elektronik']);
  });

  it('uses reply buttons for up to three short choices, the answer as body', () => {
    const rendered = renderActivity(activity('Halo\nAda yang bisa dibantu?', ['Syarat bikin paspor', 'Biaya SIM C', 'Jam layanan petugas']), { interactive: true, texts });
    expect(rendered.messages).toEqual([
      {
        type: 'buttons',
        body: '*Halo*\nAda yang bisa dibantu?',
        buttons: [
          { id: 'Syarat bikin paspor', title: 'Syarat bikin paspor' },
          { id: 'Biaya SIM C', title: 'Biaya SIM C' },
          { id: 'Jam layanan petugas', title: 'Jam layanan petugas' },
        ],
      },
    ]);
  });

  it('uses a list message when titles are too long for buttons or there are more than three', () => {
    const rendered = renderActivity(activity(feeAnswer, ['Biaya Paspor non-elektronik', 'Biaya Paspor elektronik']), { interactive: true, texts });
    const [message] = rendered.messages;
    expect(message?.type).toBe('list');
    if (message?.type !== 'list') return;
    expect(message.button).toBe(texts.listButton);
    expect(message.rows.map((r) => r.id)).toEqual(['Biaya Paspor non-elektronik', 'Biaya Paspor elektronik']);
    for (const row of message.rows) expect([...row.title].length).toBeLessThanOrEqual(LIMITS.listRowTitle);
  });

  it('falls back to numbered text beyond ten choices', () => {
    const titles = Array.from({ length: 11 }, (_, i) => `Pilihan ${i + 1}`);
    const rendered = renderActivity(activity('Pilih layanan\nSilakan pilih.', titles), { interactive: true, texts });
    expect(rendered.messages).toHaveLength(1);
    expect(rendered.messages[0]?.type).toBe('text');
    expect(rendered.choices).toHaveLength(11);
  });

  it('splits a long answer at 4096 and keeps the interactive body within 1024', () => {
    const long = ['Persyaratan Paspor', ...Array.from({ length: 200 }, (_, i) => `• Dokumen pendukung nomor ${i + 1} yang perlu dibawa.`)].join('\n');
    const rendered = renderActivity(activity(long, ['Persyaratan Paspor perpanjangan']), { interactive: true, texts });
    const last = rendered.messages[rendered.messages.length - 1];
    expect(last?.type).toBe('list');
    if (last?.type === 'list') expect(last.body.length).toBeLessThanOrEqual(LIMITS.interactiveBody);
    for (const m of rendered.messages.slice(0, -1)) {
      expect(m.type).toBe('text');
      if (m.type === 'text') expect(m.text.length).toBeLessThanOrEqual(LIMITS.text);
    }
    const all = rendered.messages.map((m) => (m.type === 'text' ? m.text : m.body)).join('\n');
    expect(all.replace('*Persyaratan Paspor*', 'Persyaratan Paspor')).toBe(long);
  });

  it('does not bold an officer\'s first line', () => {
    const rendered = renderActivity(activity('Baik Pak,\nberkas sudah kami terima.', [], 'officer'), { interactive: true, texts });
    expect(rendered.messages).toEqual([{ type: 'text', text: 'Baik Pak,\nberkas sudah kami terima.' }]);
  });

  it('gives choices a prompt as body when the activity has no text', () => {
    const rendered = renderActivity(activity('', ['Ya', 'Tidak']), { interactive: true, texts });
    expect(rendered.messages).toEqual([{ type: 'buttons', body: texts.choiceBody, buttons: [{ id: 'Ya', title: 'Ya' }, { id: 'Tidak', title: 'Tidak' }] }]);
  });
});
