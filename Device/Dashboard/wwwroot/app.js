// EdgeAE dashboard: one live stream (SSE), the journal and the model card; the trace is drawn on a canvas.
'use strict';
const $ = id => document.getElementById(id);
const WINDOW_MS = 5 * 60 * 1000;
const trace = [];           // {t, s, w, a}
let last = null;            // newest live snapshot
let kinds = '';             // the events filter
const shown = new Set();    // journal sequence numbers in the list

// A token in the address (?token=…) is kept for this tab and removed from the address bar.
(function takeToken() {
  const url = new URL(location.href);
  const t = url.searchParams.get('token');
  if (t) { sessionStorage.setItem('token', t); url.searchParams.delete('token'); history.replaceState(null, '', url.pathname + url.search); }
  $('token').value = sessionStorage.getItem('token') || '';
  $('who').value = localStorage.getItem('who') || '';
})();

const fmt = v => v == null || typeof v !== 'number' ? '–' : (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
const clock = ms => new Date(ms).toLocaleTimeString([], { hour12: false });

function connect() {
  const es = new EventSource('api/stream');
  es.onopen = () => { $('conn').textContent = 'live'; };
  es.onerror = () => { $('conn').textContent = 'reconnecting…'; };
  es.addEventListener('history', e => {
    trace.length = 0;
    for (const p of JSON.parse(e.data)) trace.push({ t: p.t, s: p.s, w: p.w, a: p.a });
    draw();
  });
  es.addEventListener('live', e => live(JSON.parse(e.data)));
  es.addEventListener('journal', e => event(JSON.parse(e.data), true));
}

function live(s) {
  last = s;
  if (typeof s.score === 'number') trace.push({ t: s.t, s: s.score, w: s.warning, a: s.alarm });
  while (trace.length && trace[0].t < s.t - WINDOW_MS) trace.shift();
  const lvl = $('level');
  const fault = !s.health.ok;
  // An episode that ended with its output latched is not "normal" to the person at the machine: say so.
  const held = s.level === 'normal' && s.lines.find(l => l.latched && (l.name === 'alarm' || l.name === 'warning'));
  const heldName = held ? (s.lines.some(l => l.latched && l.name === 'alarm') ? 'alarm' : 'warning') : null;
  lvl.dataset.level = s.level;
  lvl.className = 'level ' + (fault ? 'fault' : held ? 'latched' : s.level);
  lvl.textContent = fault ? 'sensor fault' : s.commissioning ? 'commissioning' : held ? `${heldName} latched` : s.level;
  lvl.title = held ? 'The episode is over; the output stays on until someone acknowledges it' : 'Current alert level';
  $('model').textContent = s.model ? 'model ' + s.model : '';
  $('score').textContent = fmt(s.last);
  $('warn').textContent = fmt(s.warning);
  $('alarm').textContent = fmt(s.alarm);
  $('alarms').textContent = s.alarms_today;
  const progress = s.commissioning || s.learning;
  $('progress').hidden = !progress;
  if (progress) $('progress').textContent = (s.commissioning ? 'Commissioning: ' : 'On-board learning: ') + progress.text;
  bars(s.channels);
  $('health').className = fault ? 'bad' : 'ok';
  $('health').textContent = fault ? `${s.health.kind}: ${s.health.message} (scoring suspended)` : `all sensors OK${s.health.faults ? ` (${s.health.faults} faults since start)` : ''}`;
  lines(s.lines);
  $('controls').hidden = !s.buttons;
  $('nobuttons').hidden = s.buttons;
  draw();
}

function bars(channels) {
  const box = $('channels');
  const finite = channels.filter(c => typeof c.share === 'number');
  const top = finite.length ? Math.max(...finite.map(c => c.share)) : 0;
  box.replaceChildren(...channels.map(c => {
    const row = document.createElement('div');
    const share = typeof c.share === 'number' ? c.share : 0;
    row.className = 'bar' + (share === top && top > 0 ? ' top' : '');
    const name = document.createElement('span'); name.className = 'name'; name.textContent = c.name; name.title = c.name;
    const track = document.createElement('span'); track.className = 'track';
    const fill = document.createElement('span'); fill.className = 'fill'; fill.style.display = 'block';
    fill.style.width = (100 * Math.max(0, Math.min(1, share))).toFixed(1) + '%';
    track.append(fill);
    const pct = document.createElement('span'); pct.className = 'pct'; pct.textContent = (100 * share).toFixed(0) + '%';
    row.append(name, track, pct);
    return row;
  }));
}

function lines(list) {
  $('lines').replaceChildren(...list.map(l => {
    const pin = document.createElement('span');
    pin.className = 'pin' + (l.on ? ' on' : '') + (l.name === 'warning' ? ' warning' : '');
    pin.dataset.name = l.name;
    pin.dataset.on = l.on;
    const b = document.createElement('b'); b.textContent = l.name;
    pin.append(b, ` line ${l.line}: ${l.on ? 'ON' : 'off'}${l.latched ? ' (latched: acknowledge to release)' : ''}`);
    return pin;
  }));
}

function draw() {
  const canvas = $('trace');
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth, h = canvas.clientHeight || 260;
  if (canvas.width !== Math.round(w * dpr)) { canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr); }
  const g = canvas.getContext('2d');
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, w, h);
  const left = 52, right = 8, topPad = 8, bottom = 22;
  const now = last ? last.t : Date.now();
  // The time axis grows with the data up to five minutes, so a young daemon's trace is not a sliver at the edge.
  const span = Math.min(WINDOW_MS, Math.max(60000, trace.length ? now - trace[0].t : 0));
  const t0 = now - span;
  $('span').textContent = span >= WINDOW_MS ? 'last 5 minutes' : `last ${Math.ceil(span / 60000)} minute${span > 60000 ? 's' : ''}`;
  const alarmNow = last && typeof last.alarm === 'number' ? last.alarm : null;
  // Up to 3× the alarm level (or the highest score when unarmed): a spike far above is clipped to the top
  // edge and marked, so normal scores and the levels stay readable.
  let ymax = alarmNow ? alarmNow * 1.6 : 0;
  for (const p of trace) if (p.s > ymax) ymax = p.s;
  if (alarmNow) ymax = Math.min(ymax, alarmNow * 3);
  if (!(ymax > 0)) ymax = 1;
  const x = t => left + (w - left - right) * (t - t0) / span;
  const y = v => topPad + (h - topPad - bottom) * (1 - Math.min(v, ymax) / ymax);
  g.font = '11px system-ui, sans-serif';
  g.fillStyle = '#6b7480'; g.strokeStyle = '#e6e9ee'; g.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const v = ymax * i / 4, yy = y(v);
    g.beginPath(); g.moveTo(left, yy); g.lineTo(w - right, yy); g.stroke();
    g.fillText(fmt(v), 4, yy + 4);
  }
  const step = span > 120000 ? 60000 : 15000;
  for (let ago = 0; ago <= span; ago += step) {
    const xx = x(now - ago);
    const label = ago === 0 ? 'now' : step === 60000 ? `-${ago / 60000} min` : `-${ago / 1000} s`;
    g.fillText(label, Math.max(left, Math.min(xx - 12, w - 30)), h - 6);
  }
  const level = (key, color) => {
    g.strokeStyle = color; g.setLineDash([6, 4]); g.lineWidth = 1.5; g.beginPath();
    let open = false;
    for (const p of trace) {
      if (typeof p[key] !== 'number') { open = false; continue; }
      if (!open) { g.moveTo(x(p.t), y(p[key])); open = true; } else g.lineTo(x(p.t), y(p[key]));
    }
    if (open && last && typeof last[key] === 'number') g.lineTo(x(now), y(last[key]));
    g.stroke(); g.setLineDash([]);
  };
  level('w', '#d98a00');
  level('a', '#c62828');
  g.strokeStyle = '#1f6fd1'; g.lineWidth = 1.5; g.beginPath();
  let prev = null;
  for (const p of trace) {
    if (prev && p.t - prev.t > 2000) g.moveTo(x(p.t), y(p.s)); else if (!prev) g.moveTo(x(p.t), y(p.s)); else g.lineTo(x(p.t), y(p.s));
    prev = p;
  }
  g.stroke();
  g.fillStyle = '#c62828';
  for (const p of trace) if (p.s > ymax) { g.beginPath(); g.moveTo(x(p.t) - 4, topPad + 6); g.lineTo(x(p.t) + 4, topPad + 6); g.lineTo(x(p.t), topPad); g.fill(); }
  if (!trace.length) { g.fillStyle = '#6b7480'; g.fillText('waiting for the first scored window…', left + 10, h / 2); }
}

function describe(e) {
  const lvl = (e.level || '').toUpperCase();
  switch (e.kind) {
    case 'raised': case 'escalated':
      return { cls: e.level, title: `${lvl} ${e.kind}`, text: `peak score ${fmt(e.peak_score)}${e.top && e.top.length ? ' — top channels: ' + e.top.join(', ') : ''}` };
    case 'cleared':
      return { cls: 'cleared', title: `${(e.previous || '').toUpperCase()} cleared`, text: `after ${fmt(e.duration_seconds)} s, peak score ${fmt(e.peak_score)}${e.top && e.top.length ? ' — top channels: ' + e.top.join(', ') : ''}${e.message ? ' (' + e.message + ')' : ''}` };
    case 'sensor-fault': return { cls: 'fault', title: 'sensor fault', text: e.message || e.sensor };
    default: return { cls: '', title: e.kind, text: e.message || '' };
  }
}

function matches(e) { return !kinds || kinds.split(',').includes(e.kind); }

function event(e, fresh) {
  if (shown.has(e.seq) || !matches(e)) return;
  shown.add(e.seq);
  const d = describe(e);
  const li = document.createElement('li');
  li.dataset.seq = e.seq; li.dataset.kind = e.kind;
  if (fresh) li.className = 'new';
  const time = document.createElement('time'); time.textContent = clock(Date.parse(e.at)); time.title = e.at + ' #' + e.seq;
  const k = document.createElement('span'); k.className = 'kind ' + d.cls; k.textContent = d.title;
  const text = document.createElement('span'); text.textContent = d.text;
  li.append(time, k, text);
  const list = $('events');
  if (fresh) list.prepend(li); else list.append(li);
  while (list.children.length > 300) { shown.delete(+list.lastChild.dataset.seq); list.lastChild.remove(); }
}

// Older entries go below what the live stream already showed (it is connected first, so nothing falls between).
async function loadEvents(clear) {
  const r = await fetch('api/events?limit=200' + (kinds ? '&kind=' + encodeURIComponent(kinds) : ''));
  if (!r.ok) return;
  if (clear) { $('events').replaceChildren(); shown.clear(); }
  for (const e of await r.json()) event(e, false);
}

async function loadCard() {
  const r = await fetch('api/card');
  if (!r.ok) return;
  const { card: c, manifest: m } = await r.json();
  const rows = [
    ['Bundle', `${c.path}`], ['Bundle SHA-256', c.file_sha256], ['Graph SHA-256', c.graph_sha256],
    ['Precision', c.precision + (c.quantization ? ` (${c.quantization})` : '')],
    ['Window / hop', `${c.window} / ${c.hop} frames`], ['Channels', `${c.channels.length}: ${c.channels.join(', ')}`],
    ['Thresholds', c.warning == null ? 'none' : `warning ${fmt(c.warning)}, alarm ${fmt(c.alarm)}; raise after ${c.raise_after}, clear after ${c.clear_after} windows`],
    ['How they were set', c.thresholds_set_by],
    ['Trained from', `${c.source || '–'}${c.source_sha256 ? ' (SHA-256 ' + c.source_sha256.slice(0, 16) + '…)' : ''}`],
    ['Built by', `${c.tool_version || '–'}, ${c.created_utc}`],
    ['Score', `${m.score.metric} ${m.score.reduction}${m.normalization ? ', normalization ' + m.normalization.kind : ''}`],
  ];
  $('card').replaceChildren(...rows.flatMap(([k, v]) => { const dt = document.createElement('dt'); dt.textContent = k; const dd = document.createElement('dd'); dd.textContent = v; return [dt, dd]; }));
}

async function act(path, button) {
  const token = $('token').value.trim();
  sessionStorage.setItem('token', token);
  localStorage.setItem('who', $('who').value.trim());
  button.disabled = true;
  try {
    const r = await fetch(path, { method: 'POST', headers: { 'X-EdgeAE-Token': token, 'X-EdgeAE-Operator': $('who').value.trim() } });
    const body = r.headers.get('content-type')?.startsWith('application/json') ? (await r.json()).message : (await r.text()).trim();
    $('result').textContent = (r.ok ? '✓ ' : '✗ ') + body;
    $('result').className = r.ok ? 'ok' : 'bad';
  } catch (err) {
    $('result').textContent = '✗ the board did not answer: ' + err; $('result').className = 'bad';
  } finally { button.disabled = false; }
}

$('ack').onclick = () => act('api/acknowledge', $('ack'));
$('recommission').onclick = () => act('api/recommission', $('recommission'));
$('kind').onchange = () => { kinds = $('kind').value; loadEvents(true); };
window.addEventListener('resize', draw);
connect();
loadEvents(false).then(loadCard);
