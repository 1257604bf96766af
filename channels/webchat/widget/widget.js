/*
 * Layani web chat widget. One tag adds a chat button and panel to any page:
 *   <script src="https://layani.example.go.id/widget.js" data-title="Layani" data-color="#0b5cad"
 *           data-greeting="Halo! Ada yang bisa kami bantu?" async></script>
 * It speaks Direct Line 3.0 to the server it was loaded from (or data-base-url). Every message is put
 * on the page with textContent, never as HTML. No framework; plain DOM in a shadow root.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__layaniWidget) return;
  window.__layaniWidget = true;

  var STYLES = '__LAYANI_CSS__';
  var T = {
    open: 'Buka obrolan',
    close: 'Tutup obrolan',
    log: 'Percakapan',
    you: 'Anda',
    input: 'Tulis pesan',
    placeholder: 'Tulis pertanyaan Anda…',
    send: 'Kirim',
    typing: ' sedang mengetik…',
    quick: 'Pilihan cepat',
    offline: 'Koneksi terputus. Menyambung kembali…',
    failed: 'Pesan belum terkirim. Periksa koneksi Anda lalu coba lagi.',
    expired: 'Percakapan sebelumnya sudah berakhir. Silakan mulai lagi.',
    busy: 'Terlalu banyak pesan. Mohon tunggu sebentar.',
    unavailable: 'Maaf, sedang ada gangguan. Silakan coba lagi sebentar lagi.',
  };

  var data = script.dataset;
  var base = (data.baseUrl || new URL(script.src, location.href).origin).replace(/\/+$/, '');
  var title = data.title || 'Layani';
  var greeting = data.greeting || 'Halo! Saya asisten layanan publik. Ada yang bisa saya bantu?';
  var accent = cssColor(data.color) || '#0b5cad';
  var storageKey = 'layani:' + base;
  var api = base + '/v3/directline';

  var session = load();
  var socket = null;
  var connecting = null;
  var failures = 0;
  var pollTimer = 0;
  var typingTimer = 0;
  var refreshTimer = 0;
  var seen = {};
  var pending = {};

  // ---- DOM -------------------------------------------------------------------------------------
  var host = el('div', { id: 'layani-widget' });
  var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
  addStyles(root, STYLES);
  host.style.setProperty('--lyn-accent', accent);
  host.style.setProperty('--lyn-on-accent', readableOn(accent));

  var launcher = el('button', { type: 'button', class: 'lyn-launcher', 'aria-expanded': 'false', 'aria-controls': 'lyn-panel', 'aria-label': T.open });
  launcher.appendChild(chatIcon());
  var panel = el('section', { id: 'lyn-panel', class: 'lyn-panel', role: 'dialog', 'aria-labelledby': 'lyn-title', hidden: '' });
  var header = el('header', { class: 'lyn-header' });
  header.appendChild(el('h2', { id: 'lyn-title', class: 'lyn-title' }, title));
  var closeButton = el('button', { type: 'button', class: 'lyn-close', 'aria-label': T.close }, '×');
  header.appendChild(closeButton);
  var log = el('div', { class: 'lyn-log', role: 'log', 'aria-live': 'polite', 'aria-label': T.log, tabindex: '0' });
  var typing = el('div', { class: 'lyn-typing', role: 'status', hidden: '' });
  typing.appendChild(el('span', { class: 'lyn-dots', 'aria-hidden': 'true' }));
  typing.appendChild(el('span', {}, title + T.typing));
  var status = el('div', { class: 'lyn-status', role: 'status', 'aria-live': 'assertive' });
  var quick = el('div', { class: 'lyn-quick', role: 'group', 'aria-label': T.quick });
  var form = el('form', { class: 'lyn-form' });
  var input = el('textarea', { class: 'lyn-input', rows: '1', 'aria-label': T.input, placeholder: T.placeholder, autocomplete: 'off' });
  var sendButton = el('button', { type: 'submit', class: 'lyn-send' }, T.send);
  form.appendChild(input);
  form.appendChild(sendButton);
  [header, log, typing, status, quick, form].forEach(function (part) {
    panel.appendChild(part);
  });
  root.appendChild(launcher);
  root.appendChild(panel);
  addMessage('bot', greeting);

  launcher.addEventListener('click', function () {
    setOpen(panel.hidden);
  });
  closeButton.addEventListener('click', function () {
    setOpen(false);
  });
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') setOpen(false);
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    send(input.value);
  });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send(input.value);
    }
  });
  input.addEventListener('input', function () {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight, 120) + 'px';
  });

  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);

  function mount() {
    document.body.appendChild(host);
    if (session && session.open) setOpen(true, true);
  }

  function setOpen(open, restoring) {
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    launcher.setAttribute('aria-label', open ? T.close : T.open);
    host.classList.toggle('lyn-is-open', open);
    if (session) {
      session.open = open;
      save();
    }
    if (open) {
      connect().catch(function () {
        showStatus(T.offline);
      });
      if (!restoring) input.focus();
      scrollDown();
    } else if (!restoring) {
      launcher.focus();
    }
  }

  // ---- Conversation ----------------------------------------------------------------------------
  function connect() {
    if (!connecting) {
      connecting = (session && session.expiresAt > Date.now() + 5000 ? resume() : Promise.reject(gone()))
        .catch(function (err) {
          if (!err.gone) throw err;
          if (session) {
            session = null;
            save();
            showStatus(T.expired);
          }
          return start();
        })
        .catch(function (err) {
          connecting = null;
          throw err;
        });
    }
    return connecting;
  }

  function start() {
    return request('POST', base + '/webchat/token').then(function (issued) {
      session = { conversationId: issued.conversationId, userId: issued.userId, token: issued.token, watermark: '', open: !panel.hidden };
      setToken(issued);
      return request('POST', api + '/conversations').then(function (conversation) {
        openStream(conversation.streamUrl);
      });
    });
  }

  function resume() {
    return request('POST', api + '/tokens/refresh')
      .then(setToken)
      .then(function () {
        // Replays the whole history, so a reload shows the conversation as it was.
        return request('GET', conversationUrl() + '/activities');
      })
      .then(function (set) {
        receive(set);
        return reconnect();
      });
  }

  function reconnect() {
    return request('GET', conversationUrl() + '?watermark=' + encodeURIComponent(session.watermark || '')).then(function (conversation) {
      setToken(conversation);
      openStream(conversation.streamUrl);
    });
  }

  function setToken(issued) {
    session.token = issued.token;
    session.expiresAt = Date.now() + issued.expires_in * 1000;
    save();
    clearTimeout(refreshTimer);
    // Refresh at half-life so that an open page keeps its conversation.
    refreshTimer = setTimeout(function () {
      request('POST', api + '/tokens/refresh').then(setToken, function () {});
    }, (issued.expires_in * 1000) / 2);
    return issued;
  }

  function openStream(url) {
    if (!window.WebSocket || failures >= 3) return poll();
    var ws = (socket = new WebSocket(url));
    ws.onopen = function () {
      failures = 0;
      showStatus('');
    };
    ws.onmessage = function (event) {
      if (event.data) receive(JSON.parse(event.data));
    };
    ws.onclose = function () {
      if (socket !== ws) return;
      socket = null;
      failures += 1;
      showStatus(T.offline);
      retry(reconnect, failures);
    };
  }

  // Where WebSockets are blocked (some mobile proxies), poll instead.
  function poll() {
    clearTimeout(pollTimer);
    request('GET', conversationUrl() + '/activities?watermark=' + encodeURIComponent(session.watermark || '')).then(
      function (set) {
        showStatus('');
        receive(set);
        pollTimer = setTimeout(poll, 3000);
      },
      function (err) {
        if (err.gone) restart();
        else pollTimer = setTimeout(poll, 6000);
      },
    );
  }

  function retry(action, attempt) {
    setTimeout(function () {
      action().catch(function (err) {
        if (err.gone) restart();
        else retry(action, attempt + 1);
      });
    }, Math.min(30000, 1000 * Math.pow(2, attempt - 1)));
  }

  function restart() {
    connecting = null;
    session = null;
    save();
    showStatus(T.expired);
    connect().catch(function () {});
  }

  function send(text) {
    text = String(text || '').trim();
    if (!text) return;
    input.value = '';
    input.style.height = '';
    clearQuick();
    var clientId = 'c' + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    pending[clientId] = addMessage('user', text, true);
    showTyping(15000);
    connect()
      .then(function () {
        return request('POST', conversationUrl() + '/activities', {
          type: 'message',
          from: { id: session.userId },
          text: text,
          textFormat: 'plain',
          locale: 'id-ID',
          channelData: { clientActivityID: clientId },
        });
      })
      .then(
        function (posted) {
          // Its echo may come after this answer (it travels through Redis): the bubble is already shown.
          if (posted && posted.id) seen[posted.id] = true;
          sent(clientId);
        },
        function (err) {
          var bubble = pending[clientId];
          delete pending[clientId];
          if (bubble) bubble.classList.add('lyn-failed');
          hideTyping();
          showStatus(err.status === 429 ? T.busy : err.status === 503 ? T.unavailable : T.failed);
        },
      );
  }

  function sent(clientId) {
    var bubble = pending[clientId];
    delete pending[clientId];
    if (bubble) bubble.classList.remove('lyn-pending');
  }

  function receive(set) {
    (set.activities || []).forEach(show);
    if (set.watermark && session) {
      session.watermark = set.watermark;
      save();
    }
  }

  function show(activity) {
    if (seen[activity.id]) return;
    seen[activity.id] = true;
    var fromUser = activity.from && activity.from.role === 'user';
    if (activity.type === 'typing' && !fromUser) return showTyping(8000);
    if (activity.type !== 'message') return;
    if (fromUser) {
      var clientId = activity.channelData && activity.channelData.clientActivityID;
      if (clientId && pending[clientId]) return sent(clientId);
      clearQuick();
      return addMessage('user', activity.text || '');
    }
    hideTyping();
    var actions = (activity.suggestedActions && activity.suggestedActions.actions) || [];
    var lines = activity.text ? [activity.text] : [];
    (activity.attachments || []).forEach(function (attachment) {
      var card = attachment.content || {};
      if (/card\.(hero|thumbnail)$/.test(attachment.contentType || '')) {
        [card.title, card.subtitle, card.text].forEach(function (line) {
          if (line) lines.push(String(line));
        });
        actions = actions.concat(card.buttons || []);
      }
    });
    if (lines.length) addMessage('bot', lines.join('\n'));
    showQuick(actions);
  }

  // ---- Rendering (text only) -------------------------------------------------------------------
  function addMessage(who, text, isPending) {
    var bubble = el('div', { class: 'lyn-msg lyn-' + who + (isPending ? ' lyn-pending' : '') });
    bubble.appendChild(el('span', { class: 'lyn-sr' }, (who === 'user' ? T.you : title) + ': '));
    bubble.appendChild(el('span', { class: 'lyn-text' }, text));
    log.appendChild(bubble);
    // A long answer is read from its first line: scroll to its top rather than to its end.
    if (who === 'bot') log.scrollTop = bubble.offsetTop - log.offsetTop - 8;
    else scrollDown();
    return bubble;
  }

  function showQuick(actions) {
    clearQuick();
    actions.slice(0, 8).forEach(function (action) {
      var label = String(action.title || action.value || '');
      if (!label) return;
      if (action.type === 'openUrl') {
        if (!/^https?:\/\//i.test(String(action.value))) return;
        return quick.appendChild(el('a', { class: 'lyn-chip', href: String(action.value), target: '_blank', rel: 'noopener noreferrer' }, label));
      }
      var chip = el('button', { type: 'button', class: 'lyn-chip' }, label);
      chip.addEventListener('click', function () {
        send(action.type === 'messageBack' ? action.text || action.displayText || label : String(action.value || label));
        input.focus();
      });
      quick.appendChild(chip);
    });
  }

  function clearQuick() {
    while (quick.firstChild) quick.removeChild(quick.firstChild);
  }

  function showTyping(ms) {
    typing.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, ms);
  }

  function hideTyping() {
    clearTimeout(typingTimer);
    typing.hidden = true;
  }

  function showStatus(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function chatIcon() {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6v2h2V9H7zm4 0v2h2V9h-2zm4 0v2h2V9h-2z');
    path.setAttribute('fill', 'currentColor');
    svg.appendChild(path);
    return svg;
  }

  function addStyles(target, css) {
    if (target.adoptedStyleSheets && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      target.adoptedStyleSheets = [sheet];
    } else {
      target.appendChild(el('style', {}, css));
    }
  }

  // ---- Plumbing --------------------------------------------------------------------------------
  function conversationUrl() {
    return api + '/conversations/' + encodeURIComponent(session.conversationId);
  }

  function request(method, url, body) {
    var headers = { Accept: 'application/json' };
    if (session && session.token) headers.Authorization = 'Bearer ' + session.token;
    if (body) headers['Content-Type'] = 'application/json';
    return fetch(url, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined, credentials: 'omit' }).then(
      function (response) {
        if (response.ok) return response.json();
        var err = new Error('HTTP ' + response.status);
        err.status = response.status;
        // Expired, forged or foreign token, or a conversation this server no longer has.
        err.gone = response.status === 401 || response.status === 403 || response.status === 404;
        throw err;
      },
    );
  }

  function gone() {
    var err = new Error('no conversation');
    err.gone = true;
    return err;
  }

  function load() {
    try {
      return JSON.parse(localStorage.getItem(storageKey) || 'null');
    } catch (e) {
      return null;
    }
  }

  function save() {
    try {
      if (session) localStorage.setItem(storageKey, JSON.stringify(session));
      else localStorage.removeItem(storageKey);
    } catch (e) {
      // Private mode or full storage: the conversation just won't survive a reload.
    }
  }

  function cssColor(value) {
    return value && window.CSS && CSS.supports('color', value) ? value : '';
  }

  // White or near-black text, whichever contrasts more with the accent colour (WCAG luminance).
  function readableOn(color) {
    var probe = document.createElement('span');
    probe.style.color = color;
    document.documentElement.appendChild(probe);
    var rgb = (getComputedStyle(probe).color.match(/[\d.]+/g) || [0, 0, 0]).slice(0, 3).map(Number);
    probe.remove();
    var lum = rgb.map(function (c) {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    var l = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
    return (1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#ffffff' : '#111111');
  }
})();
