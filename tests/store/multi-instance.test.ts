import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Officer } from '../support/console-client.js';
import { addOfficer, OFFICER_PASSWORD as PASSWORD } from '../support/officers.js';
import { startRedis, type TestRedis } from '../support/redis.js';

/**
 * Two Layani processes on one Redis, as behind a load balancer: the citizen talks to A, the officer
 * works on B; then A is killed with SIGKILL and the citizen carries on through B.
 */
let redis: TestRedis;
let env: NodeJS.ProcessEnv;
const children: ChildProcess[] = [];

interface Instance {
  url: string;
  child: ChildProcess;
}

async function startInstance(): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bot/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const match = /Layani siap di http:\/\/localhost:(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`instance exited ${code}: ${out}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

beforeAll(async () => {
  redis = await startRedis();
  // Always open, no holidays: the real clock runs in the child processes.
  const dataDir = mkdtempSync(join(tmpdir(), 'layani-data-'));
  cpSync('data', dataDir, { recursive: true });
  for (const file of readdirSync(join(dataDir, 'holidays'))) {
    if (/^\d{4}\.json$/.test(file)) writeFileSync(join(dataDir, "holidays", file), JSON.stringify({ days: [] }));
  }
  env = {
    ...process.env,
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
    REDIS_URL: redis.url,
    REDIS_PREFIX: `multi${Date.now()}:`,
    OFFICE_HOURS: 'Mon-Sun 00:00-24:00',
    DIRECTLINE_SECRET: 'multi-instance-directline-secret',
    TOKEN_SIGNING_KEY: 'multi-instance-token-signing-key-0123456789',
    OFFICER_ACCOUNTS_FILE: join(dataDir, 'officers.json'),
  };
  addOfficer('budi', env);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await redis?.stop();
});

/** A citizen's Direct Line connection: a WebSocket stream and the watermark it has seen. */
class Citizen {
  texts: string[] = [];
  watermark = '';
  private socket?: WebSocket;
  constructor(
    readonly conversationId: string,
    private token: string,
  ) {}

  static async start(instance: Instance): Promise<Citizen> {
    const issued = (await (await fetch(`${instance.url}/webchat/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
    const citizen = new Citizen(issued.conversationId, issued.token);
    const started = (await (await fetch(`${instance.url}/v3/directline/conversations`, { method: 'POST', headers: citizen.headers() })).json()) as { streamUrl: string };
    await citizen.listen(started.streamUrl);
    return citizen;
  }

  headers(): Record<string, string> {
    return { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' };
  }

  async listen(streamUrl: string): Promise<void> {
    this.socket = new WebSocket(streamUrl);
    this.socket.on('message', (data) => {
      const raw = data.toString();
      if (!raw) return;
      const set = JSON.parse(raw) as { activities: { type: string; text?: string; from: { role?: string } }[]; watermark?: string };
      for (const a of set.activities) if (a.type === 'message' && a.from.role !== 'user') this.texts.push(a.text ?? '');
      if (set.watermark) this.watermark = set.watermark;
    });
    await once(this.socket, 'open');
  }

  async reconnect(instance: Instance): Promise<void> {
    this.socket?.terminate();
    const url = `${instance.url}/v3/directline/conversations/${this.conversationId}?watermark=${this.watermark}`;
    const resumed = (await (await fetch(url, { headers: this.headers() })).json()) as { streamUrl: string; token: string };
    this.token = resumed.token;
    await this.listen(resumed.streamUrl);
  }

  async say(instance: Instance, text: string): Promise<void> {
    const response = await fetch(`${instance.url}/v3/directline/conversations/${this.conversationId}/activities`, {
      method: 'POST',
      headers: this.headers(),
      body: JSON.stringify({ type: 'message', from: { id: 'citizen' }, text }),
    });
    expect(response.status).toBe(200);
  }

  async hears(text: string | RegExp): Promise<void> {
    const matches = (t: string) => (typeof text === 'string' ? t.includes(text) : text.test(t));
    await expect.poll(() => this.texts.some(matches), { timeout: 10_000, message: `waiting for ${String(text)}; heard: ${JSON.stringify(this.texts)}` }).toBe(true);
  }

  close(): void {
    this.socket?.terminate();
  }
}

describe('two instances on one Redis', () => {
  it('citizen on A and officer on B talk live; after kill -9 of A the citizen carries on through B', async () => {
    const [a, b] = await Promise.all([startInstance(), startInstance()]);
    const citizen = await Citizen.start(a);
    const key = `webchat/${citizen.conversationId}`;

    await citizen.say(a, 'syarat skck apa?');
    await citizen.hears(/^Persyaratan SKCK/);
    await citizen.say(a, 'saya mau bicara dengan petugas');
    await citizen.hears('antrean nomor 1');

    const officer = new Officer(b.url);
    await officer.login('budi', PASSWORD);
    expect(await officer.queueKeys()).toContain(key);
    await officer.act(key, 'claim');
    await citizen.hears('Anda terhubung dengan petugas budi.');
    await officer.act(key, 'reply', { text: 'Halo, saya Budi dari instans B.' });
    await citizen.hears('Halo, saya Budi dari instans B.');
    await citizen.say(a, 'SKCK saya untuk melamar kerja');
    await expect.poll(() => officer.transcript(key), { timeout: 10_000 }).toContain('SKCK saya untuk melamar kerja');

    // A dies mid-conversation; B answers while the citizen is away.
    a.child.kill('SIGKILL');
    await once(a.child, 'exit');
    await officer.act(key, 'reply', { text: 'Untuk melamar kerja, bawa surat pengantar kelurahan.' });
    await citizen.reconnect(b);
    await citizen.hears('bawa surat pengantar kelurahan');

    await citizen.say(b, 'baik, terima kasih pak');
    await expect.poll(() => officer.transcript(key), { timeout: 10_000 }).toContain('baik, terima kasih pak');
    await officer.act(key, 'hand-back');
    await citizen.hears('kembali dilayani asisten');
    await citizen.say(b, 'biaya skck berapa?');
    await citizen.hears(/^Biaya SKCK/);

    // The whole history is in the shared log, in order, without gaps.
    const log = (await (await fetch(`${b.url}/v3/directline/conversations/${citizen.conversationId}/activities`, { headers: citizen.headers() })).json()) as {
      activities: { id: string; text?: string }[];
    };
    const seqs = log.activities.map((x) => Number(x.id.split('|')[1]));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(log.activities.map((x) => x.text)).toEqual(expect.arrayContaining(['syarat skck apa?', 'Halo, saya Budi dari instans B.', 'biaya skck berapa?']));
    citizen.close();
  }, 60_000);
});
