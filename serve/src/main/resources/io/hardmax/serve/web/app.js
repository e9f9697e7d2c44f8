// The interactive explanation page of `hardmax serve`. Everything the user typed reaches the page only through
// textContent and text nodes (never innerHTML), so hostile text shows as text; the trajectory plot is an <img> of
// the SVG drawn by the server's renderer (the one of `hardmax explain --html`), so nothing in it can run.
'use strict';

(function () {
  const DEBOUNCE_MS = 250;
  const $ = (id) => document.getElementById(id);

  let seq = 0;             // request number; answers of older requests are dropped
  let controller = null;   // aborts the explain request in flight when the user types on
  let timer = null;
  let current = null;      // {text, result} of the explanation shown
  let selected = -1;       // index of the token whose details are shown
  let plotUrl = null;
  let whatIfText = null;

  // Background colour of a signed intensity in [-1, 1]: red negative, green positive, white at 0
  // (the formula of the static explanation page, ExplanationPage.colour).
  function colour(s) {
    const a = Math.min(1, Math.abs(s));
    let r; let g; let b;
    if (s < 0) {
      r = 255; g = Math.round(255 - 150 * a); b = Math.round(255 - 150 * a);
    } else {
      r = Math.round(255 - 150 * a); g = Math.round(255 - 40 * a); b = Math.round(255 - 150 * a);
    }
    return '#' + [r, g, b].map((x) => x.toString(16).padStart(2, '0')).join('');
  }

  const fmt = (v) => v.toFixed(4);

  function setStatus(msg, isError) {
    const s = $('status');
    s.textContent = msg;
    s.className = isError ? 'small error' : 'small';
  }

  async function post(path, body, signal) {
    const res = await fetch(path, {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify(body),
      signal: signal,
    });
    let data = null;
    try {
      data = await res.json();
    } catch (e) {
      data = null;
    }
    if (!res.ok) {
      throw new Error((data && data.error) ? data.error : ('HTTP ' + res.status));
    }
    return data;
  }

  function schedule() {
    if (timer !== null) {
      clearTimeout(timer);
    }
    timer = setTimeout(explainNow, DEBOUNCE_MS);
  }

  async function explainNow() {
    timer = null;
    const text = $('text').value;
    const my = ++seq;
    if (controller !== null) {
      controller.abort();
    }
    if (text.trim() === '') {
      controller = null;
      clear();
      setStatus('', false);
      return;
    }
    controller = new AbortController();
    setStatus('explaining\u2026', false);
    try {
      const data = await post('/v1/explain', {texts: [text], trajectories: true}, controller.signal);
      if (my !== seq) {
        return;
      }
      show(text, data.results[0]);
      setStatus('', false);
    } catch (e) {
      if (e.name === 'AbortError' || my !== seq) {
        return;
      }
      setStatus('error: ' + e.message, true);
    }
  }

  function clear() {
    current = null;
    selected = -1;
    $('decision').textContent = '';
    $('tokens').replaceChildren();
    $('clusters').tBodies[0].replaceChildren();
    $('cluster-count').textContent = '0';
    $('details').hidden = true;
    setPlot(null);
  }

  function decisionNode(r) {
    const p = document.createDocumentFragment();
    p.append('Decision: ');
    const l = document.createElement('span');
    l.className = r.label === 1 ? 'pos' : 'neg';
    l.textContent = r.label === 1 ? 'positive' : 'negative';
    p.append(l);
    p.append(' \u2014 probability of positive ' + fmt(r.probability) + ', logit ' + fmt(r.logit) + ' = bias '
        + fmt(r.bias) + ' + tokens ' + fmt(r.logit - r.bias - r.padding_contribution)
        + (r.padding_contribution !== 0 ? ' + padding ' + fmt(r.padding_contribution) : ''));
    return p;
  }

  function show(text, r) {
    current = {text: text, result: r};
    $('decision').replaceChildren(decisionNode(r));
    const toks = r.tokens;
    let max = 1e-12;
    for (const t of toks) {
      max = Math.max(max, Math.abs(t.contribution));
    }
    // non-overlapping spans in text order; overlapping extra tokens (bigrams) appear in the clusters table
    const order = toks.map((t, i) => i).sort((a, b) => (toks[a].begin - toks[b].begin) || (toks[a].end - toks[b].end));
    const box = $('tokens');
    const nodes = [];
    let pos = 0;
    for (const i of order) {
      const t = toks[i];
      if (t.begin < pos || t.end > text.length) {
        continue;
      }
      nodes.push(document.createTextNode(text.substring(pos, t.begin)));
      const s = document.createElement('span');
      s.className = 'tok' + (t.leader === i ? ' leader' : '') + (i === selected ? ' selected' : '');
      s.dataset.index = String(i);
      s.style.background = colour(t.contribution / max);
      s.title = 'token: ' + t.text + '\nleader: ' + leaderText(r, t.leader) + '\ncontribution: ' + fmt(t.contribution);
      s.textContent = text.substring(t.begin, t.end);
      nodes.push(s);
      pos = t.end;
    }
    nodes.push(document.createTextNode(text.substring(pos)));
    box.replaceChildren(...nodes);
    clustersTable(r);
    setPlot(r.trajectory_svg || null);
    if (selected >= toks.length) {
      selected = -1;
    }
    if (selected >= 0) {
      details(selected);
    } else {
      $('details').hidden = true;
    }
  }

  function leaderText(r, leader) {
    return leader < 0 ? '<pad>' : r.tokens[leader].text;
  }

  function clustersTable(r) {
    let total = 0;
    let max = 1e-12;
    for (const c of r.clusters) {
      total += Math.abs(c.contribution);
      max = Math.max(max, Math.abs(c.contribution));
    }
    const rows = r.clusters.map((c) => {
      const tr = document.createElement('tr');
      const lead = document.createElement('td');
      const b = document.createElement('b');
      b.textContent = c.leader_text;
      lead.append(b);
      const fol = document.createElement('td');
      fol.textContent = c.members.filter((m) => m !== c.leader).map((m) => r.tokens[m].text).join(', ');
      const con = document.createElement('td');
      con.className = 'num';
      con.style.background = colour(c.contribution / max);
      con.textContent = fmt(c.contribution);
      const share = document.createElement('td');
      share.className = 'num';
      share.textContent = (total === 0 ? 0 : 100 * Math.abs(c.contribution) / total).toFixed(1) + ' %';
      tr.append(lead, fol, con, share);
      return tr;
    });
    $('clusters').tBodies[0].replaceChildren(...rows);
    $('cluster-count').textContent = String(r.clusters.length);
  }

  function setPlot(svg) {
    const img = $('trajectory');
    if (plotUrl !== null) {
      URL.revokeObjectURL(plotUrl);
      plotUrl = null;
    }
    if (svg === null) {
      img.hidden = true;
      img.removeAttribute('src');
      return;
    }
    plotUrl = URL.createObjectURL(new Blob([svg], {type: 'image/svg+xml'}));
    img.src = plotUrl;
    img.hidden = false;
  }

  function details(i) {
    const r = current.result;
    const t = r.tokens[i];
    selected = i;
    for (const s of $('tokens').querySelectorAll('.tok')) {
      s.classList.toggle('selected', Number(s.dataset.index) === i);
    }
    $('d-token').textContent = '\u201c' + current.text.substring(t.begin, t.end) + '\u201d (' + t.text + ', chars '
        + t.begin + '\u2013' + t.end + ')';
    $('d-leader').textContent = t.leader === i ? t.text + ' (itself: a leader)'
        : leaderText(r, t.leader) + (t.leader < 0 ? ' (the padding cluster)' : '');
    $('d-contribution').textContent = fmt(t.contribution);
    $('d-alone').textContent = fmt(t.contribution_alone);
    const followers = r.tokens.filter((u, j) => j !== i && u.leader === i).map((u) => u.text);
    $('d-followers').textContent = followers.length > 0 ? followers.join(', ')
        : (t.leader === i ? 'none' : 'none (it follows ' + leaderText(r, t.leader) + ')');
    $('whatif-result').textContent = '';
    $('whatif-text').textContent = '';
    $('whatif-apply').hidden = true;
    $('details').hidden = false;
  }

  async function whatIf(replacement) {
    if (current === null || selected < 0) {
      return;
    }
    const r = current.result;
    const t = r.tokens[selected];
    const text = current.text.substring(0, t.begin) + replacement + current.text.substring(t.end);
    const out = $('whatif-result');
    out.textContent = 'computing\u2026';
    try {
      const data = await post('/v1/classify', {texts: [text]}, undefined);
      const n = data.results[0];
      const frag = document.createDocumentFragment();
      frag.append('logit ' + fmt(r.logit) + ' \u2192 ');
      const nl = document.createElement('b');
      nl.id = 'whatif-logit';
      nl.textContent = fmt(n.logit);
      frag.append(nl);
      frag.append(' (change ' + (n.logit - r.logit >= 0 ? '+' : '') + fmt(n.logit - r.logit) + '); label '
          + (r.label === 1 ? 'positive' : 'negative') + ' \u2192 ' + (n.label === 1 ? 'positive' : 'negative'));
      out.replaceChildren(frag);
      $('whatif-text').textContent = 'text: ' + text;
      whatIfText = text;
      $('whatif-apply').hidden = false;
    } catch (e) {
      out.textContent = 'error: ' + e.message;
    }
  }

  async function describeModel() {
    try {
      const res = await fetch('/v1/model');
      const m = await res.json();
      const c = m.config;
      $('model').textContent = 'Model: d = ' + c.dim + ', ' + c.depth + (c.depth === 1 ? ' layer' : ' layers') + ', vocabulary of ' + m.vocabulary_size
          + ' words, trained on ' + m.provenance.trainingData + '.';
    } catch (e) {
      $('model').textContent = 'The model description could not be loaded: ' + e.message;
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    for (const s of document.querySelectorAll('.swatch')) {
      s.style.background = colour(Number(s.dataset.s));
    }
    $('text').addEventListener('input', schedule);
    $('tokens').addEventListener('click', (ev) => {
      const s = ev.target.closest('.tok');
      if (s !== null && current !== null) {
        details(Number(s.dataset.index));
      }
    });
    $('remove').addEventListener('click', () => whatIf(''));
    $('replace').addEventListener('click', () => whatIf($('replacement').value));
    $('replacement').addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') {
        whatIf($('replacement').value);
      }
    });
    $('whatif-apply').addEventListener('click', () => {
      if (whatIfText !== null) {
        $('text').value = whatIfText;
        selected = -1;
        explainNow();
      }
    });
    describeModel();
    if ($('text').value.trim() !== '') {
      schedule();
    }
  });
})();
