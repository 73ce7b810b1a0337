// The gateway's browser console: a client of the public WebSocket protocol (docs/protocol.md)
// and of PUT /api/wavs/{name}, nothing else. The call's audio runs as AUDIO_FORMAT:l16-16k binary
// frames both ways (20 ms = 320 samples = 640 bytes of 16 kHz s16le), through one AudioContext
// at 16 kHz, so neither direction needs a resampler of ours: the browser resamples the
// microphone into the context and the context out to the speakers.
'use strict';
(() => {
  const RATE = 16000;
  const FRAME_SAMPLES = 320;
  // Jitter buffer: playback starts this far behind the first frame, so a late frame still fits;
  // audio queued further ahead than MAX_AHEAD is dropped to keep the delay bounded.
  const START_DELAY = 0.08;
  const MAX_AHEAD = 0.4;
  const $ = (id) => document.getElementById(id);

  let ws = null;
  let audio = null;        // {ctx, out, analyser}
  let playAt = 0;
  let mic = null;          // {stream, source, processor, analyser}
  let talking = false;     // push-to-talk held
  let callState = 'IDLE';
  let answeredAt = 0;
  let framesIn = 0;
  let framesOut = 0;
  let offers = [];
  let watching = false;
  let answering = false;   // ANSWER sent, its CALL_STATE not yet seen
  const uploaded = [];

  // ---- event log ----
  function log(kind, text) {
    const li = document.createElement('li');
    li.className = kind;
    const time = new Date().toISOString().substring(11, 23);
    li.textContent = time + (kind === 'out' ? ' > ' : kind === 'in' ? ' < ' : ' ! ') + text;
    const list = $('log');
    list.appendChild(li);
    while (list.children.length > 500) list.removeChild(list.firstChild);
    list.scrollTop = list.scrollHeight;
  }

  function send(text) {
    if (!ws || ws.readyState !== WebSocket.OPEN) { log('err', 'not connected: ' + text); return; }
    ws.send(text);
    log('out', text);
  }

  // ---- connection ----
  async function defaultUrl() {
    try {
      const s = await (await fetch('/console/settings.json')).json();
      return (s.wsTls ? 'wss://' : 'ws://') + location.hostname + ':' + s.wsPort + s.wsPath;
    } catch (e) {
      return 'ws://' + location.hostname + ':8080/';
    }
  }

  function connect() {
    ensureAudio();
    let url = $('url').value.trim();
    const token = $('token').value.trim();
    // A browser cannot set Authorization on a WebSocket; the protocol takes ?token= as well.
    if (token) url += (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token);
    ws = new WebSocket(url, 'sip-audio-protocol');
    ws.binaryType = 'arraybuffer';
    setConnection('Connecting to ' + $('url').value.trim());
    ws.onopen = () => {
      setConnection('Connected');
      log('info', 'connected');
      send('AUDIO_FORMAT:l16-16k');
      loadWavs();
      setControls();
    };
    ws.onmessage = (event) => {
      if (typeof event.data === 'string') onText(event.data); else onFrame(event.data);
    };
    ws.onclose = (event) => {
      log('err', 'closed: code ' + event.code + (event.reason ? ' ' + event.reason : ''));
      setConnection('Not connected (closed, code ' + event.code + ')');
      ws = null;
      if (callState !== 'IDLE' && callState !== 'ENDED') setCallState('ENDED', 'disconnected');
      offers = []; showOffers();
      setControls();
    };
  }

  function setConnection(text) { $('connection').textContent = text; }

  // ---- messages from the gateway ----
  function onText(line) {
    log('in', line);
    if (line.startsWith('CALL_STATE:')) {
      const rest = line.substring('CALL_STATE:'.length);
      const colon = rest.indexOf(':');
      const state = colon < 0 ? rest : rest.substring(0, colon);
      setCallState(state, colon < 0 ? '' : rest.substring(colon + 1));
    } else if (line.startsWith('MEDIA_START:')) {
      const m = /call=(.*)$/.exec(line);
      if (m) $('fig-callid').textContent = m[1];
    } else if (line.startsWith('DTMF:')) {
      $('dtmf-received').textContent += line.substring(5);
    } else if (line.startsWith('INCOMING:')) {
      const rest = line.substring('INCOMING:'.length);
      const id = rest.substring(0, rest.indexOf(':'));
      offers.push({ id, text: rest.substring(id.length + 1) });
      showOffers();
    } else if (line.startsWith('INCOMING_ENDED:')) {
      const id = line.substring('INCOMING_ENDED:'.length).split(':')[0];
      offers = offers.filter((o) => o.id !== id);
      showOffers();
    } else if (line.startsWith('WATCH:')) {
      watching = true;
    } else if (line.startsWith('ERROR:')) {
      answering = false;
    }
    setControls();
  }

  function setCallState(state, cause) {
    callState = state;
    const el = $('call-state');
    el.textContent = state;
    el.className = state;
    $('call-cause').textContent = cause ? '(' + cause + ')' : '';
    if (state === 'CALLING') {
      $('fig-packets').textContent = '-';
      framesIn = 0;
      framesOut = 0;
      answeredAt = 0;
      $('dtmf-received').textContent = '';
    }
    if (answering && (state === 'ANSWERED' || state === 'ENDED')) {
      answering = false;
      if (state === 'ANSWERED') { offers.shift(); showOffers(); }
    }
    if (state === 'ANSWERED' && !answeredAt) {
      answeredAt = performance.now();
      if ($('send-mic').checked && !watching) startMic();
    }
    if (state === 'ENDED') {
      answeredAt = 0;
      watching = false;
      stopMic();
      showEndFigures($('fig-callid').textContent, 3);
    }
  }

  function showOffers() {
    const list = $('offers');
    list.textContent = '';
    for (const o of offers) {
      const li = document.createElement('li');
      li.textContent = o.text + ' (' + o.id + ')';
      list.appendChild(li);
    }
    setControls();
  }

  function callUp() { return callState === 'CALLING' || callState === 'RINGING' || callState === 'ANSWERED' || callState === 'HELD' || callState === 'TRANSFERRING'; }

  function setControls() {
    const open = !!ws && ws.readyState === WebSocket.OPEN;
    const up = open && callUp();
    $('connect').disabled = !!ws;
    $('disconnect').disabled = !ws;
    $('dial').disabled = !open || up;
    $('hangup').disabled = !up || watching;
    $('clear').disabled = !up || watching;
    $('play').disabled = !up || watching || uploaded.length === 0;
    $('listen').disabled = !open;
    $('listen-off').disabled = !open;
    $('answer').disabled = !open || up || offers.length === 0;
    $('reject').disabled = !open || offers.length === 0;
    $('watch').disabled = !open || (up && !watching);
    for (const b of $('keypad').querySelectorAll('button')) b.disabled = !up || watching;
  }

  // ---- hearing the call ----
  function ensureAudio() {
    if (audio) { audio.ctx.resume(); return; }
    const ctx = new AudioContext({ sampleRate: RATE });
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 2048;
    analyser.smoothingTimeConstant = 0.3;
    const out = ctx.createGain();
    out.connect(analyser);
    analyser.connect(ctx.destination);
    audio = { ctx, out, analyser };
    ctx.resume();
    requestAnimationFrame(meters);
  }

  function onFrame(data) {
    framesIn++;
    if (!audio) return;
    // s16le, read with explicit endianness (an Int16Array view would use the platform's).
    const view = new DataView(data);
    const samples = data.byteLength >> 1;
    const buffer = audio.ctx.createBuffer(1, samples, RATE);
    const ch = buffer.getChannelData(0);
    for (let i = 0; i < samples; i++) ch[i] = view.getInt16(i * 2, true) / 32768;
    const now = audio.ctx.currentTime;
    if (playAt < now) playAt = now + START_DELAY;        // first frame, or an underrun: rebuffer
    if (playAt - now > MAX_AHEAD) return;                 // too far behind real time: drop
    const source = audio.ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(audio.out);
    source.start(playAt);
    playAt += buffer.duration;
  }

  function rms(analyser) {
    const samples = new Float32Array(analyser.fftSize);
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const s of samples) sum += s * s;
    return Math.sqrt(sum / samples.length);
  }

  // Meters on a 60 dB scale: full scale at 0 dBFS, empty at -60 dBFS.
  const meterValue = (level) => Math.max(0, Math.min(1, 1 + Math.log10(Math.max(level, 1e-6)) / 3));

  function meters() {
    $('level').value = meterValue(rms(audio.analyser));
    if (mic) $('mic-level').value = meterValue(rms(mic.analyser));
    if (answeredAt) {
      const s = Math.floor((performance.now() - answeredAt) / 1000);
      $('fig-duration').textContent = Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
    }
    $('fig-in').textContent = framesIn;
    $('fig-out').textContent = framesOut;
    requestAnimationFrame(meters);
  }

  /** The strongest frequency the far end's audio has now, in Hz, or null when it is silent. */
  function dominantHz() {
    if (!audio || rms(audio.analyser) < 0.005) return null;
    const bins = new Float32Array(audio.analyser.frequencyBinCount);
    audio.analyser.getFloatFrequencyData(bins);
    let best = 1;
    for (let i = 2; i < bins.length; i++) if (bins[i] > bins[best]) best = i;
    return best * audio.ctx.sampleRate / audio.analyser.fftSize;
  }

  // ---- speaking into the call ----
  async function startMic() {
    if (mic) return;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
      const ctx = audio.ctx;
      const source = ctx.createMediaStreamSource(stream);
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 1024;
      // ScriptProcessor rather than an AudioWorklet: no second file or module to serve, and
      // 1024 samples (64 ms) per callback is well inside the gateway's 20 s queue.
      const processor = ctx.createScriptProcessor(1024, 1, 1);
      const sink = ctx.createGain();
      sink.gain.value = 0;
      source.connect(analyser);
      source.connect(processor);
      processor.connect(sink);
      sink.connect(ctx.destination);
      let carry = new Int16Array(0);
      processor.onaudioprocess = (event) => {
        if (!ws || ws.readyState !== WebSocket.OPEN || callState !== 'ANSWERED' || watching) return;
        if ($('mute').checked && !talking) return;
        const input = event.inputBuffer.getChannelData(0);
        const all = new Int16Array(carry.length + input.length);
        all.set(carry);
        for (let i = 0; i < input.length; i++) {
          const s = Math.max(-1, Math.min(1, input[i]));
          all[carry.length + i] = s < 0 ? s * 32768 : s * 32767;
        }
        // Whole 20 ms frames, so the frame count in the figures means packets' worth.
        const whole = all.length - (all.length % FRAME_SAMPLES);
        for (let at = 0; at < whole; at += FRAME_SAMPLES) {
          const frame = new ArrayBuffer(FRAME_SAMPLES * 2);
          const view = new DataView(frame);
          for (let i = 0; i < FRAME_SAMPLES; i++) view.setInt16(i * 2, all[at + i], true);
          ws.send(frame);
          framesOut++;
        }
        carry = all.slice(whole);
      };
      mic = { stream, source, processor, analyser };
      log('info', 'microphone on (' + ctx.sampleRate + ' Hz)');
    } catch (e) {
      log('err', 'microphone: ' + e.message);
    }
  }

  function stopMic() {
    if (!mic) return;
    mic.processor.onaudioprocess = null;
    mic.source.disconnect();
    mic.processor.disconnect();
    for (const t of mic.stream.getTracks()) t.stop();
    mic = null;
    $('mic-level').value = 0;
  }

  function apiHeaders() {
    const headers = {};
    const token = $('token').value.trim();
    if (token) headers.Authorization = 'Bearer ' + token;
    return headers;
  }

  // The call's packets and loss from the HTTP API (GET /api/calls/{id}), once its ENDED is there.
  async function showEndFigures(callId, tries) {
    if (!callId || callId === '-') return;
    try {
      const response = await fetch('/api/calls/' + encodeURIComponent(callId), { headers: apiHeaders() });
      const call = response.ok ? await response.json() : null;
      if (call && call.state === 'ENDED') {
        $('fig-packets').textContent = 'in ' + call.packetsIn + ' / out ' + call.packetsOut + ' / lost ' + call.packetsLost;
        return;
      }
    } catch (e) {
      log('err', 'GET /api/calls: ' + e.message);
    }
    if (tries > 1) setTimeout(() => showEndFigures(callId, tries - 1), 300);
  }

  function addWav(name) {
    if (uploaded.includes(name)) return;
    uploaded.push(name);
    const option = document.createElement('option');
    option.value = name;
    option.textContent = name;
    $('wavs').appendChild(option);
  }

  // The files already on the gateway that this client can play (GET /api/wavs).
  async function loadWavs() {
    try {
      const response = await fetch('/api/wavs', { headers: apiHeaders() });
      if (!response.ok) return;
      for (const name of await response.json()) addWav(name);
      setControls();
    } catch (e) {
      log('err', 'GET /api/wavs: ' + e.message);
    }
  }

  // ---- uploads ----
  async function upload(file) {
    // The gateway's file names (FileNames): A-Z a-z 0-9 . _ -, no leading '.', no '..', .wav, 128 at most.
    let name = file.name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/\.{2,}/g, '.').replace(/^\./, '_');
    if (!/\.wav$/i.test(name)) name += '.wav';
    if (name.length > 128) name = name.substring(name.length - 128);
    $('upload-status').textContent = 'Uploading ' + name + '...';
    const headers = { 'Content-Type': 'application/octet-stream' };
    const token = $('token').value.trim();
    if (token) headers.Authorization = 'Bearer ' + token;
    try {
      const response = await fetch('/api/wavs/' + encodeURIComponent(name), { method: 'PUT', headers, body: file });
      const text = await response.text();
      log(response.ok ? 'info' : 'err', 'PUT /api/wavs/' + name + ': ' + response.status + ' ' + text);
      if (!response.ok) { $('upload-status').textContent = 'Upload refused: ' + text; return; }
      addWav(name);
      $('wavs').value = name;
      $('upload-status').textContent = 'Uploaded ' + name;
    } catch (e) {
      $('upload-status').textContent = 'Upload failed: ' + e.message;
      log('err', 'upload: ' + e.message);
    }
    setControls();
  }

  // ---- wiring ----
  function init() {
    defaultUrl().then((url) => { if (!$('url').value) $('url').value = url; });
    for (const key of '123A456B789C*0#D') {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = key;
      b.id = 'keypad-' + key;
      b.setAttribute('aria-label', 'Send DTMF ' + key);
      b.addEventListener('click', () => send('SEND_DTMF:' + key));
      $('keypad').appendChild(b);
    }
    $('connect').addEventListener('click', connect);
    $('disconnect').addEventListener('click', () => ws && ws.close(1000));
    $('dial').addEventListener('click', () => { watching = false; send('CALL:' + $('target').value.trim()); });
    $('target').addEventListener('keydown', (e) => { if (e.key === 'Enter' && !$('dial').disabled) $('dial').click(); });
    $('hangup').addEventListener('click', () => send('HANGUP'));
    $('clear').addEventListener('click', () => send('CLEAR'));
    $('play').addEventListener('click', () => send('PLAY_WAV:' + $('wavs').value));
    $('listen').addEventListener('click', () => send('LISTEN:' + $('listen-pattern').value.trim()));
    $('listen-off').addEventListener('click', () => send('LISTEN:off'));
    // ANSWER and REJECT take the oldest offer; the gateway sends no INCOMING_ENDED to the session
    // that took it, so the page drops it itself (on the answer, or at once for a refusal).
    $('answer').addEventListener('click', () => { answering = true; send('ANSWER'); });
    $('reject').addEventListener('click', () => { send('REJECT'); offers.shift(); showOffers(); });
    $('watch').addEventListener('click', () => send('WATCH:' + $('watch-id').value.trim()));
    const ptt = $('ptt');
    const press = (on) => { talking = on; ptt.classList.toggle('on', on); };
    ptt.addEventListener('pointerdown', () => press(true));
    for (const ev of ['pointerup', 'pointerleave', 'pointercancel']) ptt.addEventListener(ev, () => press(false));
    ptt.addEventListener('keydown', (e) => { if (e.key === ' ' || e.key === 'Enter') press(true); });
    ptt.addEventListener('keyup', () => press(false));
    $('wav-file').addEventListener('change', (e) => { if (e.target.files[0]) upload(e.target.files[0]); });
    const drop = $('drop');
    drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      drop.classList.remove('over');
      if (e.dataTransfer.files[0]) upload(e.dataTransfer.files[0]);
    });
    setControls();
  }

  // What the browser tests read (src/test/java/org/sipgateway/console).
  window.consoleTest = {
    dominantHz,
    level: () => (audio ? rms(audio.analyser) : 0),
    callState: () => callState,
    framesIn: () => framesIn,
    framesOut: () => framesOut,
    micOn: () => !!mic,
    log: () => Array.from($('log').children, (li) => li.textContent),
  };

  init();
})();
