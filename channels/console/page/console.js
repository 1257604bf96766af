// Layani officer console. Plain JavaScript, no framework, no build step.
// Every text that comes from a citizen (or any server data) is put in the page with textContent or
// as an attribute value, never as HTML: a message like "<img onerror=…>" shows as those characters.

const API = '/console/api';
const TYPING_EVERY_MS = 3000;
const CITIZEN_TYPING_SHOWN_MS = 5000;

const INTENTS = {
  greeting: 'Salam',
  thanks: 'Terima kasih',
  ask_requirements: 'Persyaratan',
  ask_procedure: 'Prosedur',
  ask_duration: 'Lama proses',
  ask_fee: 'Biaya',
  ask_product: 'Produk layanan',
  ask_legal_basis: 'Dasar hukum',
  ask_hours: 'Jam layanan',
  ask_location: 'Lokasi',
  complaint: 'Pengaduan',
  human_handoff: 'Minta petugas',
  out_of_scope: 'Di luar layanan',
};
const CHANNELS = { webchat: 'Web', whatsapp: 'WhatsApp' };
const OWNERS = { bot: 'Dengan asisten', queued: 'Menunggu', officer: 'Ditangani', closed: 'Selesai' };

const state = {
  me: null,
  csrf: '',
  /** Server clock minus this computer's clock. */
  skew: 0,
  /** key → { record, preview, unread } */
  queue: new Map(),
  current: null,
  currentRecord: null,
  officers: [],
  canned: [],
  tickets: [],
  socket: null,
  reconnectDelay: 1000,
  lastTypingSent: 0,
  citizenTypingTimer: 0,
};

const $ = (id) => document.getElementById(id);

/** Builds an element; string children become text nodes (never HTML). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
}

// ── server ──────────────────────────────────────────────────────────────────

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(method, path, body) {
  const headers = {};
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    headers['x-csrf-token'] = state.csrf;
  }
  let response;
  try {
    response = await fetch(API + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
  } catch {
    throw new ApiError(0, 'Tidak dapat menghubungi server. Periksa koneksi Anda.');
  }
  const data = await response.json().catch(() => ({}));
  if (response.status === 401 && path !== '/login' && state.me) {
    signedOut('Sesi Anda berakhir. Silakan masuk lagi.');
  }
  if (!response.ok) throw new ApiError(response.status, data.message || 'Terjadi kesalahan. Coba lagi.');
  return data;
}

const path = (key, action = '') => `/conversations/${encodeURIComponent(key)}${action ? `/${action}` : ''}`;

function toast(message) {
  const node = $('toast');
  node.textContent = message;
  node.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (node.hidden = true), 6000);
}

function announce(message) {
  $('announcer').textContent = message;
}

async function attempt(action) {
  try {
    return await action();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return undefined;
    toast(error.message);
    return undefined;
  }
}

// ── formatting ──────────────────────────────────────────────────────────────

const serverNow = () => Date.now() + state.skew;

function duration(ms) {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h} jam ${m} mnt`;
  if (m > 0) return `${m} mnt ${String(s).padStart(2, '0')} dtk`;
  return `${s} dtk`;
}

const timeFormat = new Intl.DateTimeFormat('id-ID', { hour: '2-digit', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

function when(at) {
  const date = new Date(at);
  return date.toDateString() === new Date().toDateString() ? timeFormat.format(date) : dateTimeFormat.format(date);
}

const channelLabel = (channel) => CHANNELS[channel] || channel;
const intentLabel = (intent) => INTENTS[intent] || intent;
const citizenName = (record) => record.citizenName || 'Warga';

function understanding(intent, service, confidence) {
  const parts = [];
  if (intent) parts.push(`Maksud: ${intentLabel(intent)}${typeof confidence === 'number' ? ` (${Math.round(confidence * 100)}%)` : ''}`);
  if (service) parts.push(`Layanan: ${service}`);
  return parts.join(' · ');
}

function statusText(record) {
  if (record.owner === 'queued' && record.queuedAt) return `Menunggu ${duration(serverNow() - record.queuedAt)}`;
  if (record.owner === 'officer') return record.officer === state.me?.username ? 'Ditangani Anda' : `Ditangani ${record.officer}`;
  return OWNERS[record.owner] || record.owner;
}

// ── sign in and out ─────────────────────────────────────────────────────────

async function showLogin(notice = '') {
  $('app-view').hidden = true;
  $('login-view').hidden = false;
  $('login-notice').textContent = notice;
  $('login-error').textContent = '';
  $('login-password').value = '';
  try {
    state.csrf = (await api('GET', '/login')).csrfToken;
  } catch (error) {
    $('login-error').textContent = error.message;
  }
  ($('login-username').value ? $('login-password') : $('login-username')).focus();
}

function signedOut(notice) {
  state.me = null;
  closeSocket();
  void showLogin(notice);
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const username = $('login-username').value.trim();
  const password = $('login-password').value;
  if (!username || !password) {
    $('login-error').textContent = 'Isi nama pengguna dan kata sandi.';
    return;
  }
  $('login-submit').disabled = true;
  try {
    const me = await api('POST', '/login', { username, password });
    await startApp(me);
  } catch (error) {
    $('login-error').textContent = error.message;
    $('login-password').value = '';
    $('login-password').focus();
    if (error.status === 403) state.csrf = (await api('GET', '/login').catch(() => ({ csrfToken: '' }))).csrfToken;
  } finally {
    $('login-submit').disabled = false;
  }
});

$('logout').addEventListener('click', async () => {
  await attempt(() => api('POST', '/logout'));
  signedOut('Anda sudah keluar.');
});

async function startApp(me) {
  state.me = me;
  state.csrf = me.csrfToken;
  $('login-view').hidden = true;
  $('app-view').hidden = false;
  $('whoami').textContent = `${me.username} (${me.role === 'supervisor' ? 'supervisor' : 'petugas'})`;
  $('tab-load').hidden = me.role !== 'supervisor';
  const [canned, officers] = await Promise.all([attempt(() => api('GET', '/canned-replies')), attempt(() => api('GET', '/officers'))]);
  state.canned = canned?.replies ?? [];
  state.officers = officers?.officers ?? [];
  renderCanned();
  openSocket();
  await Promise.all([loadQueue(), loadTickets()]);
  selectTab('queue', false);
  $('queue-heading').focus();
}

// ── live updates ────────────────────────────────────────────────────────────

function openSocket() {
  closeSocket();
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(`${scheme}//${location.host}/console/ws`);
  state.socket = socket;
  socket.addEventListener('open', () => {
    state.reconnectDelay = 1000;
    $('live-status').textContent = 'Tersambung';
    $('live-status').dataset.state = 'on';
  });
  socket.addEventListener('message', (message) => {
    let data;
    try {
      data = JSON.parse(message.data);
    } catch {
      return;
    }
    if (typeof data.now === 'number') state.skew = data.now - Date.now();
    if (data.hello) return void resync();
    if (data.event) handleEvent(data.event);
  });
  socket.addEventListener('close', (event) => {
    if (state.socket !== socket) return;
    state.socket = null;
    $('live-status').dataset.state = 'off';
    if (event.code === 4401) return signedOut('Sesi Anda berakhir. Silakan masuk lagi.');
    $('live-status').textContent = 'Menyambung ulang…';
    const delay = state.reconnectDelay;
    state.reconnectDelay = Math.min(delay * 2, 15000);
    setTimeout(() => {
      if (state.me && !state.socket) openSocket();
    }, delay);
  });
}

function closeSocket() {
  const socket = state.socket;
  state.socket = null;
  socket?.close();
}

/** After (re)connecting, fetch what may have changed while no events arrived. */
async function resync() {
  if (!state.me) return;
  await Promise.all([loadQueue(), loadTickets(), state.current ? loadConversation(state.current, false) : null]);
}

function handleEvent(event) {
  switch (event.type) {
    case 'conversation':
      return onRecord(event.record);
    case 'message':
      return onMessage(event.key, event.entry);
    case 'ticket':
      return onTicket(event.ticket);
    case 'typing':
      return onTyping(event.key, event.author);
  }
}

function onRecord(record) {
  const known = state.queue.get(record.key);
  if (record.owner === 'queued' || record.owner === 'officer') {
    if (!known && record.owner === 'queued') announce(`Warga baru menunggu: ${citizenName(record)}, ${channelLabel(record.channelId)}.`);
    state.queue.set(record.key, { record, preview: known?.preview ?? [], unread: known?.unread ?? false });
  } else {
    state.queue.delete(record.key);
  }
  renderQueue();
  if (record.key === state.current) {
    state.currentRecord = record;
    renderConversationHead();
  }
  if (!$('panel-load').hidden) scheduleLoad();
}

function onMessage(key, entry) {
  const item = state.queue.get(key);
  if (item) {
    item.preview = [...item.preview.slice(-2), entry];
    if (key !== state.current && entry.author === 'citizen') item.unread = true;
    renderQueue();
  }
  if (key === state.current) {
    appendEntry(entry);
    if (entry.author === 'citizen') $('citizen-typing').textContent = '';
  }
}

function onTyping(key, author) {
  if (key !== state.current || author !== 'citizen') return;
  $('citizen-typing').textContent = `${citizenName(state.currentRecord || {})} sedang mengetik…`;
  clearTimeout(state.citizenTypingTimer);
  state.citizenTypingTimer = setTimeout(() => ($('citizen-typing').textContent = ''), CITIZEN_TYPING_SHOWN_MS);
}

// ── queue ───────────────────────────────────────────────────────────────────

async function loadQueue() {
  const data = await attempt(() => api('GET', '/queue'));
  if (!data) return;
  state.skew = data.now - Date.now();
  const unread = new Map([...state.queue].map(([key, item]) => [key, item.unread]));
  state.queue = new Map(data.items.map((item) => [item.record.key, { record: item.record, preview: item.preview, unread: unread.get(item.record.key) ?? false }]));
  renderQueue();
}

/** Waiting first (oldest first), then conversations held by officers (mine first). */
function sortedQueue() {
  const mine = (r) => (r.owner === 'officer' && r.officer === state.me?.username ? 0 : 1);
  return [...state.queue.values()].sort((a, b) => {
    const ra = a.record;
    const rb = b.record;
    if (ra.owner !== rb.owner) return ra.owner === 'queued' ? -1 : 1;
    if (ra.owner === 'queued') return (ra.queuedAt ?? 0) - (rb.queuedAt ?? 0);
    return mine(ra) - mine(rb) || (ra.claimedAt ?? 0) - (rb.claimedAt ?? 0);
  });
}

function renderQueue() {
  const list = $('queue-list');
  const focusedKey = document.activeElement?.closest?.('#queue-list') ? document.activeElement.dataset.key : undefined;
  const items = sortedQueue();
  const waiting = items.filter((i) => i.record.owner === 'queued').length;
  $('queue-count').textContent = waiting > 0 ? String(waiting) : '';
  $('queue-count').setAttribute('aria-label', `${waiting} menunggu`);
  $('queue-empty').hidden = items.length > 0;
  list.replaceChildren(
    ...items.map(({ record, preview, unread }) => {
      const last = [...preview].reverse().find((e) => e.author === 'citizen');
      const button = el(
        'button',
        {
          type: 'button',
          className: 'queue-item',
          dataset: { key: record.key, owner: record.owner },
          'aria-current': record.key === state.current ? 'true' : undefined,
          onclick: () => void openConversation(record.key),
          onkeydown: moveInQueue,
        },
        el('span', { className: 'queue-name' }, citizenName(record), unread ? el('span', { className: 'unread' }, ' • pesan baru') : null),
        el('span', { className: 'queue-channel' }, channelLabel(record.channelId)),
        el('span', { className: 'queue-status', dataset: { since: record.owner === 'queued' ? String(record.queuedAt ?? '') : '' } }, statusText(record)),
        el('span', { className: 'queue-intent' }, understanding(record.intent, record.service) || 'Maksud belum terbaca'),
        last ? el('span', { className: 'queue-preview' }, last.text) : null,
      );
      return el('li', {}, button);
    }),
  );
  if (focusedKey) list.querySelector(`[data-key="${CSS.escape(focusedKey)}"]`)?.focus();
}

function moveInQueue(event) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  event.preventDefault();
  const buttons = [...$('queue-list').querySelectorAll('button')];
  const index = buttons.indexOf(event.currentTarget) + (event.key === 'ArrowDown' ? 1 : -1);
  buttons[Math.max(0, Math.min(buttons.length - 1, index))]?.focus();
}

/** Waiting times tick every second without asking the server. */
function tick() {
  for (const node of document.querySelectorAll('.queue-status[data-since]')) {
    const since = Number(node.dataset.since);
    if (since) node.textContent = `Menunggu ${duration(serverNow() - since)}`;
  }
  const record = state.currentRecord;
  if (record?.owner === 'queued') renderMeta();
}
setInterval(tick, 1000);

function nextWaiting() {
  const next = sortedQueue().find((i) => i.record.owner === 'queued' && i.record.key !== state.current);
  if (!next) return toast('Tidak ada warga lain yang menunggu.');
  selectTab('queue', false);
  void openConversation(next.record.key, true);
}

// ── one conversation ────────────────────────────────────────────────────────

async function openConversation(key, focusReply = false) {
  state.current = key;
  const item = state.queue.get(key);
  if (item) item.unread = false;
  $('no-conversation').hidden = true;
  $('conversation').hidden = false;
  $('citizen-typing').textContent = '';
  renderQueue();
  await loadConversation(key, true);
  (focusReply ? $('reply-text') : $('conversation-title')).focus();
}

async function loadConversation(key, clear) {
  if (clear) $('transcript').replaceChildren();
  const data = await attempt(() => api('GET', path(key)));
  if (!data || state.current !== key) return;
  state.currentRecord = data.record;
  state.replyWindowClosed = Boolean(data.replyWindowClosed);
  renderConversationHead();
  const log = $('transcript');
  // The whole history at once: hide it from the live region, which should announce new messages only.
  log.setAttribute('aria-busy', 'true');
  log.replaceChildren(...data.transcript.map(entryNode));
  log.setAttribute('aria-busy', 'false');
  log.scrollTop = log.scrollHeight;
}

function appendEntry(entry) {
  const log = $('transcript');
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  log.append(entryNode(entry));
  if (atBottom) log.scrollTop = log.scrollHeight;
}

function authorLabel(entry) {
  switch (entry.author) {
    case 'citizen':
      return entry.name ? `Warga · ${entry.name}` : 'Warga';
    case 'bot':
      return 'Asisten Layani';
    case 'officer':
      return `Petugas · ${entry.name || ''}`;
    case 'note':
      return `Catatan internal · ${entry.name || ''}`;
    default:
      return 'Sistem';
  }
}

function entryNode(entry) {
  const meta = entry.author === 'citizen' ? understanding(entry.intent, entry.service, entry.confidence) : '';
  return el(
    'li',
    { className: `entry entry-${entry.author}` },
    el('p', { className: 'entry-head' }, el('span', { className: 'entry-author' }, authorLabel(entry)), ' ', el('time', { datetime: new Date(entry.at).toISOString() }, when(entry.at)), entry.channel ? el('span', { className: 'entry-channel' }, ` · ${channelLabel(entry.channel)}`) : null),
    el('p', { className: 'entry-text' }, entry.text),
    entry.attachments?.length ? el('ul', { className: 'attachments', 'aria-label': 'Lampiran' }, entry.attachments.map(attachmentNode)) : null,
    meta ? el('p', { className: 'entry-understanding' }, meta) : null,
  );
}

/** A link only for http(s) addresses: a `javascript:` URL from a channel must never become clickable. */
function attachmentNode(attachment) {
  const label = `${attachment.name || 'Lampiran'} (${attachment.contentType})`;
  let url;
  try {
    url = attachment.url ? new URL(attachment.url, location.href) : undefined;
  } catch {
    url = undefined;
  }
  const safe = url && (url.protocol === 'https:' || url.protocol === 'http:');
  if (!safe) return el('li', {}, el('span', {}, label));
  // A photo served by this console (a citizen's WhatsApp media) also shows as a small preview.
  const preview = url.origin === location.origin && PREVIEW_TYPES.has(String(attachment.contentType).split(';')[0].trim().toLowerCase());
  return el(
    'li',
    {},
    el('a', { href: url.href, target: '_blank', rel: 'noopener noreferrer' }, label),
    preview ? el('a', { href: url.href, target: '_blank', rel: 'noopener noreferrer', className: 'attachment-preview', tabindex: '-1', 'aria-hidden': 'true' }, el('img', { src: url.href, alt: '', loading: 'lazy' })) : null,
  );
}

const PREVIEW_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

function renderMeta() {
  const record = state.currentRecord;
  const parts = [channelLabel(record.channelId), statusText(record)];
  const read = understanding(record.intent, record.service);
  if (read) parts.push(read);
  if (record.ticket) parts.push(`Tiket ${record.ticket}`);
  if (typeof record.rating === 'number') parts.push(`Nilai terakhir ${record.rating}/5`);
  if (state.replyWindowClosed && record.channelId === 'whatsapp') {
    parts.push('Di luar jendela 24 jam WhatsApp: balasan dikirim sebagai templat');
  }
  $('conversation-meta').textContent = parts.join(' · ');
}

function renderConversationHead() {
  const record = state.currentRecord;
  if (!record) return;
  $('conversation-title').textContent = citizenName(record);
  renderMeta();
  const me = state.me.username;
  const mine = record.owner === 'officer' && record.officer === me;
  const heldByOther = record.owner === 'officer' && record.officer !== me;
  const supervisor = state.me.role === 'supervisor';
  $('action-claim').disabled = mine || heldByOther;
  $('action-hand-back').disabled = !mine;
  $('action-close').disabled = !mine;
  const canTransfer = mine || (supervisor && (record.owner === 'officer' || record.owner === 'queued'));
  $('action-transfer').disabled = !canTransfer;
  $('transfer-to').disabled = !canTransfer;
  renderTransferTargets(record);
  $('reply-text').disabled = heldByOther;
  $('reply-send').disabled = heldByOther;
  $('reply-text').placeholder = heldByOther ? `Percakapan ini ditangani ${record.officer}.` : mine ? '' : 'Membalas akan mengambil percakapan ini.';
}

function renderTransferTargets(record) {
  const select = $('transfer-to');
  const previous = select.value;
  const targets = state.officers.filter((o) => o.username !== state.me.username && o.username !== record.officer);
  select.replaceChildren(...targets.map((o) => el('option', { value: o.username }, o.username)));
  if (targets.some((o) => o.username === previous)) select.value = previous;
  if (targets.length === 0) {
    $('action-transfer').disabled = true;
    select.disabled = true;
  }
}

async function act(action, body) {
  const key = state.current;
  if (!key) return;
  const data = await attempt(() => api('POST', path(key, action), body));
  if (data?.record) onRecord(data.record);
  return data;
}

$('action-claim').addEventListener('click', () => void act('claim'));
$('action-transfer').addEventListener('click', async () => {
  const to = $('transfer-to').value;
  if (!to) return;
  if (await act('transfer', { to })) toast(`Percakapan dialihkan ke ${to}.`);
});
$('action-hand-back').addEventListener('click', async () => {
  if (await act('hand-back')) announce('Percakapan dikembalikan ke asisten.');
});
$('action-close').addEventListener('click', async () => {
  if (await act('close')) announce('Percakapan ditutup. Warga diminta memberi nilai.');
});

async function sendReply() {
  const text = $('reply-text').value.trim();
  const key = state.current;
  if (!text || !key) return;
  $('reply-send').disabled = true;
  const sent = await attempt(() => api('POST', path(key, 'reply'), { text }));
  $('reply-send').disabled = false;
  if (!sent) return;
  $('reply-text').value = '';
  $('reply-text').focus();
  // Without the live connection, our own message would not show up: fetch it.
  if (state.socket?.readyState !== WebSocket.OPEN) await loadConversation(key, false);
}

$('reply-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void sendReply();
});

$('reply-text').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    void sendReply();
  }
});

// Tell the citizen the officer is typing, at most every few seconds, only in a conversation we hold.
$('reply-text').addEventListener('input', () => {
  const record = state.currentRecord;
  if (!record || record.owner !== 'officer' || record.officer !== state.me.username) return;
  if (Date.now() - state.lastTypingSent < TYPING_EVERY_MS || !$('reply-text').value.trim()) return;
  state.lastTypingSent = Date.now();
  void api('POST', path(record.key, 'typing')).catch(() => undefined);
});

$('note-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('note-text').value.trim();
  const key = state.current;
  if (!text || !key) return;
  if (await attempt(() => api('POST', path(key, 'note'), { text }))) {
    $('note-text').value = '';
    announce('Catatan disimpan.');
  }
});

function renderCanned() {
  $('canned').replaceChildren(
    ...state.canned.map((reply) =>
      el('button', { type: 'button', className: 'chip', title: reply.text, onclick: () => useCanned(reply.text) }, reply.title),
    ),
  );
}

function useCanned(text) {
  const box = $('reply-text');
  if (box.disabled) return;
  box.value = box.value.trim() ? `${box.value.trimEnd()}\n${text}` : text;
  box.focus();
  box.setSelectionRange(box.value.length, box.value.length);
}

// ── tickets ─────────────────────────────────────────────────────────────────

async function loadTickets() {
  const status = $('ticket-status').value;
  const [shown, open] = await Promise.all([
    attempt(() => api('GET', `/tickets?status=${encodeURIComponent(status)}`)),
    status === 'open' ? null : attempt(() => api('GET', '/tickets?status=open')),
  ]);
  if (!shown) return;
  state.tickets = shown.tickets;
  renderTickets(status === 'open' ? shown.tickets.length : (open?.tickets.length ?? 0));
}

function onTicket(ticket) {
  const status = $('ticket-status').value;
  const others = state.tickets.filter((t) => t.number !== ticket.number);
  state.tickets = ticket.status === status ? [...others, ticket].sort((a, b) => a.createdAt - b.createdAt) : others;
  if (ticket.status === 'open') announce(`Tiket baru ${ticket.number}.`);
  if (status === 'open') renderTickets(state.tickets.length);
  else void loadTickets();
}

function renderTickets(openCount) {
  $('ticket-count').textContent = openCount > 0 ? String(openCount) : '';
  $('ticket-count').setAttribute('aria-label', `${openCount} belum dijawab`);
  $('ticket-empty').hidden = state.tickets.length > 0;
  $('ticket-list').replaceChildren(...state.tickets.map(ticketNode));
}

function ticketNode(ticket) {
  const id = `ticket-answer-${ticket.number.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const children = [
    el('h3', {}, `Tiket ${ticket.number}`),
    el('p', { className: 'meta' }, `Masuk ${when(ticket.createdAt)} · ${channelLabel(ticket.key.split('/')[0])}`, ticket.answeredBy ? ` · dijawab ${ticket.answeredBy} ${when(ticket.answeredAt)}` : ''),
    el('p', { className: 'entry-text' }, ticket.message),
    el('button', { type: 'button', className: 'secondary', onclick: () => showTicketConversation(ticket.key) }, 'Lihat percakapan'),
  ];
  if (ticket.status === 'open') {
    const box = el('textarea', { id, rows: 3, maxlength: 4000 });
    children.push(
      el(
        'form',
        {
          className: 'ticket-answer',
          onsubmit: async (event) => {
            event.preventDefault();
            const text = box.value.trim();
            if (!text) return;
            const data = await attempt(() => api('POST', `/tickets/${encodeURIComponent(ticket.number)}/answer`, { text }));
            if (data?.ticket) {
              onTicket(data.ticket);
              announce(`Jawaban tiket ${ticket.number} terkirim.`);
            }
          },
        },
        el('label', { for: id }, 'Jawaban untuk warga'),
        box,
        el('button', { type: 'submit' }, 'Kirim jawaban'),
      ),
    );
  }
  return el('li', { className: 'ticket' }, children);
}

function showTicketConversation(key) {
  selectTab('queue', false);
  void openConversation(key);
}

$('ticket-status').addEventListener('change', () => void loadTickets());

// ── supervisor: load per officer ────────────────────────────────────────────

async function loadLoad() {
  if (state.me?.role !== 'supervisor') return;
  const data = await attempt(() => api('GET', '/load'));
  if (!data) return;
  $('load-queued').textContent = `${data.queued} warga menunggu di antrean.`;
  $('load-rows').replaceChildren(
    ...data.officers.map((o) =>
      el('tr', {}, el('th', { scope: 'row' }, o.username), el('td', {}, o.role === 'supervisor' ? 'Supervisor' : o.role ? 'Petugas' : '—'), el('td', {}, String(o.conversations))),
    ),
  );
}

function scheduleLoad() {
  clearTimeout(scheduleLoad.timer);
  scheduleLoad.timer = setTimeout(() => void loadLoad(), 300);
}

// ── tabs and keyboard ───────────────────────────────────────────────────────

const TABS = ['queue', 'tickets', 'load'];

function selectTab(name, focus = true) {
  if (name === 'load' && state.me?.role !== 'supervisor') return;
  for (const tab of TABS) {
    const selected = tab === name;
    $(`tab-${tab}`).setAttribute('aria-selected', String(selected));
    $(`tab-${tab}`).tabIndex = selected ? 0 : -1;
    $(`panel-${tab}`).hidden = !selected;
  }
  if (name === 'load') void loadLoad();
  if (name === 'tickets') void loadTickets();
  if (focus) $(`tab-${name}`).focus();
}

for (const name of TABS) $(`tab-${name}`).addEventListener('click', () => selectTab(name));

$('app-view').querySelector('[role=tablist]').addEventListener('keydown', (event) => {
  if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
  const visible = TABS.filter((t) => !$(`tab-${t}`).hidden);
  const current = visible.findIndex((t) => $(`tab-${t}`).getAttribute('aria-selected') === 'true');
  const next = visible[(current + (event.key === 'ArrowRight' ? 1 : visible.length - 1)) % visible.length];
  selectTab(next);
});

document.addEventListener('keydown', (event) => {
  if (!state.me) return;
  if (event.key === 'Escape' && event.target.closest?.('#conversation')) {
    const current = $('queue-list').querySelector('[aria-current=true]') || $('queue-list').querySelector('button');
    current?.focus();
    return;
  }
  if (!event.altKey || event.ctrlKey || event.metaKey) return;
  const actions = {
    KeyN: nextWaiting,
    KeyA: () => !$('action-claim').disabled && state.current && void act('claim'),
    KeyR: () => state.current && $('reply-text').focus(),
    KeyI: () => state.current && $('note-text').focus(),
    Digit1: () => selectTab('queue'),
    Digit2: () => selectTab('tickets'),
    Digit3: () => selectTab('load'),
  };
  const action = actions[event.code];
  if (!action) return;
  event.preventDefault();
  action();
});

// ── start ───────────────────────────────────────────────────────────────────

async function boot() {
  try {
    const me = await api('GET', '/me');
    await startApp(me);
  } catch {
    await showLogin();
  }
}

void boot();
