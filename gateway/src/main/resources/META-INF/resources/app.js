// Cusp dashboard: models, jobs, a job's live progress (SSE), its report with the singularity analysis (labels,
// forecast, slices) and the model's per-layer analysis. No build step, no dependencies.
'use strict';

const $ = (selector) => document.querySelector(selector);
const SVG = 'http://www.w3.org/2000/svg';
// The row/curve name of the robust accuracy against the whole plan (core's WorstCaseAccuracy.ANY_ATTACK).
const WORST_CASE = 'worst case over the plan';

function el(tag, attrs = {}, ...children) {
  const node = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value; else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

async function api(path, options = {}) {
  const response = await fetch(path, options);
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok) throw new Error(body?.error ?? `HTTP ${response.status}`);
  return body;
}

const fmt = (x, digits = 4) => (x === null || x === undefined) ? '' : (typeof x === 'number' ? (Number.isFinite(x) ? +x.toPrecision(digits) : String(x)) : x);
const pct = (x) => (x === null || x === undefined) ? '–' : (100 * x).toFixed(1) + ' %';
const when = (iso) => iso ? new Date(iso).toLocaleString() : '';

async function loadModels() {
  const models = await api('/api/models');
  const rows = models.map((m) => el('tr', {}, el('td', {}, m.name), el('td', {}, m.version), el('td', {}, m.inputShape.join('×')),
    el('td', { class: 'num' }, m.classes), el('td', { class: 'num' }, m.parameters.toLocaleString()),
    el('td', {}, el('code', { title: m.sha256 }, m.sha256.slice(0, 12))), el('td', {}, when(m.createdAt))));
  $('#models tbody').replaceChildren(...rows);
  $('#submit select').replaceChildren(...models.map((m) => el('option', { value: m.id }, `${m.name} ${m.version}`)));
}

async function loadJobs() {
  const jobs = await api('/api/jobs');
  $('#jobs tbody').replaceChildren(...jobs.map((j) => el('tr', { class: 'clickable', onclick: () => openJob(j.id) },
    el('td', {}, el('code', {}, j.id.slice(0, 8))), el('td', { class: 'num' }, j.examples), el('td', {}, j.status),
    el('td', {}, el('progress', { max: j.shardsTotal, value: j.shardsDone }), ` ${j.shardsDone}/${j.shardsTotal}`),
    el('td', { class: j.verdict ?? '' }, j.verdict ?? ''), el('td', {}, when(j.createdAt)))));
}

let progressSource = null;

function openJob(id) {
  $('#job').hidden = false;
  $('#job-id').textContent = id;
  $('#report').replaceChildren();
  progressSource?.close();
  progressSource = new EventSource(`/api/jobs/${id}/progress`);
  progressSource.onmessage = (message) => {
    const p = JSON.parse(message.data);
    $('#job-progress').max = p.shardsTotal;
    $('#job-progress').value = p.shardsDone;
    $('#job-state').textContent = `${p.phase}: ${p.shardsDone}/${p.shardsTotal} shards`;
    if (p.phase === 'done' || p.phase === 'failed') {
      progressSource.close();
      loadJobs();
      if (p.phase === 'done') showReport(id);
    }
  };
  progressSource.onerror = () => progressSource.close();
}

async function showReport(id) {
  try {
    renderReport(await api(`/api/jobs/${id}/report`));
  } catch (e) {
    $('#report').replaceChildren(el('p', { class: 'message' }, e.message));
  }
}

function renderReport(view) {
  const r = view.report;
  const figures = el('div', { class: 'figures' },
    el('div', { class: 'figure' }, el('strong', {}, pct(r.cleanAccuracy)), 'clean accuracy'),
    el('div', { class: 'figure' }, el('strong', {}, r.examples), 'examples'),
    el('div', { class: 'figure' }, el('strong', { class: view.verdict ?? '' }, view.verdict ?? '–'), 'verdict'));
  // Robust accuracy against the whole plan (per-example worst case over the attacks at each norm and ε; null for
  // reports stored before it existed), one extra row per norm/ε after the per-attack rows.
  const worst = (view.attacks?.worstCase ?? []).map((w) => ({ ...w, attack: WORST_CASE, successes: w.broken }));
  const robust = el('table', {}, el('thead', {}, el('tr', {}, ...['attack', 'norm', 'ε', 'examples', 'successes', 'robust accuracy']
    .map((h, i) => el('th', { class: i > 1 ? 'num' : '' }, h)))),
  el('tbody', {}, ...[...r.robustAccuracy, ...worst].map((a) => el('tr', a.attacks ? { class: 'worst-case', title: `broken by any of ${a.attacks.join(', ')}` } : {},
    el('td', {}, a.attack), el('td', {}, a.norm),
    el('td', { class: 'num' }, a.epsilon), el('td', { class: 'num' }, a.examples), el('td', { class: 'num' }, a.successes),
    el('td', { class: 'num' }, pct(a.accuracy))))));
  const norms = [...new Set(r.robustAccuracy.map((a) => a.norm))];
  $('#report').replaceChildren(figures, el('h3', {}, 'Robust accuracy'), robust,
    ...norms.map((n) => el('div', {}, el('h4', {}, `${n} budgets`), accuracyCurve(r, worst, n))),
    ...attackSummary(view.attacks),
    el('h3', {}, 'Geometry at clean and adversarial points'), distributions(r.distributions),
    ...singularitySections(view),
    el('p', {}, el('a', { href: `/api/jobs/${view.jobId}/report` }, 'report JSON')));
  showSlices(view.jobId);
  showModelAnalysis(view.modelId);
}

// The job's singularity report: labels per point kind, the forecast, model-level figures and distributions.
function singularitySections(view) {
  const s = view.singularity;
  if (!s) return [];
  const kinds = ['clean', 'adversarial', 'crossing'];
  // priority order (core's Label): the stored report's maps come back in the database's key order
  const order = ['MASKED', 'CUSP', 'JUNCTION', 'RANK_DEFICIENT', 'FOLD', 'KINK', 'ILL_CONDITIONED', 'FRAGILE', 'SENSITIVE', 'REGULAR'];
  const present = Object.keys(s.labelCounts?.clean ?? {});
  const labels = [...order.filter((l) => present.includes(l)), ...present.filter((l) => !order.includes(l))];
  const labelTable = el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'label'),
    ...kinds.map((k) => el('th', { class: 'num' }, `${k} (${s.points[k] ?? 0})`)))),
  el('tbody', {}, ...labels.map((l) => el('tr', {}, el('td', {}, l), ...kinds.map((k) => {
    const all = s.labelCounts[k]?.[l] ?? 0, primary = s.primaryCounts[k]?.[l] ?? 0;
    return el('td', { class: all === 0 ? 'num zero' : 'num', title: `${primary} with ${l} as primary label` },
      all === 0 ? '0' : `${all} (${primary} primary)`);
  })))));
  const indicators = [...new Set(s.forecasts.flatMap((f) => f.indicators.map((i) => i.name)))];
  const forecast = el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'attack budget'), el('th', { class: 'num' }, 'successes'),
    ...indicators.map((n) => el('th', { class: 'num' }, n)))),
  el('tbody', {}, ...s.forecasts.map((f) => el('tr', {}, el('td', {}, `${f.attack}/${f.norm} ε=${f.epsilon}`),
    el('td', { class: 'num' }, `${f.successes}/${f.examples}`),
    ...indicators.map((n) => {
      const i = f.indicators.find((x) => x.name === n);
      const auc = typeof i?.auc === 'number' ? i.auc : NaN;
      return el('td', { class: n === f.best ? 'num best' : 'num', title: `ROC-AUC for success at ε; Spearman ρ with the minimal distance (${i?.pairs ?? 0} pairs)` },
        Number.isFinite(auc) ? `AUC ${fmt(auc, 3)} · ρ ${fmt(i.spearman, 2)}` : '–');
    })))));
  const c = s.curvature;
  const facts = el('div', { class: 'figures' },
    el('div', { class: 'figure' }, el('strong', {}, pct(typeof s.fragileShare === 'number' ? s.fragileShare : null)), 'clean points FRAGILE'),
    el('div', { class: 'figure' }, el('strong', {}, s.bestForecaster ?? '–'), 'best forecaster (mean AUC)'),
    el('div', { class: 'figure' }, el('strong', { class: s.modelLabels.length ? 'fragile' : '' }, s.modelLabels.join(', ') || '–'), 'model labels from this job'),
    ...(c ? [el('div', { class: 'figure' }, el('strong', {}, `${fmt(c.topEigenvalue, 3)} / ${fmt(c.trace, 3)}`), `Hessian λ_max / trace (${c.examples} examples)`)] : []));
  const tiers = Object.entries(s.tierMillis ?? {}).map(([t, d]) => `${t} median ${fmt(d.median, 3)} ms, max ${fmt(d.max, 3)} ms`);
  return [el('h3', {}, 'Singularity labels (points where each applies)'), labelTable,
    el('p', {}, `Time per shard (${s.tierMillis?.cheap?.count ?? 0} shards): ${tiers.join('; ')}.`),
    el('h3', {}, 'Forecast: which indicator at the clean point predicts attack success'), facts, forecast,
    el('h3', {}, 'Singularity indicators at clean, adversarial and crossing points'), distributions(s.distributions),
    el('div', { id: 'slices' }), el('div', { id: 'model-analysis' })];
}

async function showSlices(jobId) {
  try {
    const slices = await api(`/api/jobs/${jobId}/slices`);
    if (slices.length === 0) return;
    $('#slices').replaceChildren(el('h3', {}, 'Slices through examples (attack direction × random direction)'),
      el('div', { class: 'slices' }, ...slices.map((s) => el('figure', {}, el('img', { src: s.href, alt: `slice through example ${s.exampleIndex}` }),
        el('figcaption', {}, `example ${s.exampleIndex}: s ∈ [${fmt(s.sMin, 3)}, ${fmt(s.sMax, 3)}], t ∈ [${fmt(s.tMin, 3)}, ${fmt(s.tMax, 3)}]`)))));
  } catch (e) {
    $('#slices').replaceChildren(el('p', { class: 'message' }, `slices: ${e.message}`));
  }
}

// The model's parameter-space analysis (model.analysis): per-layer table, labels with reasons, curvature.
async function showModelAnalysis(modelId) {
  if (!modelId) return;
  try {
    const a = await api(`/api/models/${modelId}/analysis`);
    const cols = [['layer', (r) => r.layer], ['type', (r) => `${r.type} ${r.activation}`], ['shape', (r) => `${r.inputs}×${r.outputs}`],
      ['rank', (r) => r.rank], ['stable rank', (r) => fmt(r.stableRank, 3)], ['α', (r) => fmt(r.alpha, 3)], ['MP spikes', (r) => r.mpSpikes],
      ['traps', (r) => r.randomizedSpikes], ['dead', (r) => r.units?.dead.length ?? ''], ['saturated', (r) => r.units?.saturated.length ?? ''],
      ['eliminated', (r) => r.units ? r.units.eliminatedIn.length + r.units.eliminatedOut.length : ''], ['constant', (r) => r.units?.constant.length ?? ''],
      ['overlapping', (r) => r.units?.overlapping.length ?? ''], ['activation rank', (r) => r.units?.activationRank ?? ''],
      ['‖∂L/∂W‖', (r) => fmt(r.gradientNorm, 3)]];
    const table = el('table', {}, el('thead', {}, el('tr', {}, ...cols.map(([h], i) => el('th', { class: i > 1 ? 'num' : '' }, h)))),
      el('tbody', {}, ...a.layers.map((r) => el('tr', {}, ...cols.map(([, v], i) => el('td', { class: i > 1 ? 'num' : '' }, v(r)))))));
    const c = a.curvature;
    $('#model-analysis').replaceChildren(el('h3', {}, `Model in parameter space: ${a.labels.join(', ')}`),
      el('ul', { class: 'reasons' }, ...a.reasons.map((r) => el('li', {}, r))),
      el('div', { class: 'scroll' }, table),
      el('p', {}, c ? `Loss Hessian over ${c.examples} examples: λ_max ${fmt(c.topEigenvalue, 4)} (${c.iterations} iterations${c.converged ? '' : ', not converged'}${c.products ? `; ${c.products} Hessian-vector products` : ''}), `
        + `trace ${fmt(c.trace, 4)} ± ${fmt(c.traceStandardError, 2)}; gradient-norm spread ×${fmt(a.gradientSpread, 3)}; ${a.examples} examples of ${a.dataset.name}.` : ''));
  } catch (e) {
    $('#model-analysis').replaceChildren(el('p', { class: 'message' }, `model analysis: ${e.message}`));
  }
}

// Gradient-masking verdicts, AutoAttack's stages and the provenance of every attack (null for older reports).
function attackSummary(s) {
  if (!s) return [];
  const table = (head, rows) => el('table', {}, el('thead', {}, el('tr', {}, ...head.map((h) => el('th', {}, h)))),
    el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((c) => el('td', {}, String(c)))))));
  const parts = [el('h3', {}, 'Gradient masking'),
    table(['check', 'verdict', 'what was seen'], s.masking.map((v) => [v.check, v.status, v.detail]))];
  parts[1].querySelectorAll('tbody tr').forEach((tr) => tr.children[1].className = tr.children[1].textContent);
  if (s.stages.length) {
    parts.push(el('h3', {}, 'AutoAttack: which stage broke each point'),
      table(['norm', 'ε', 'stage', 'examples'], s.stages.map((c) => [c.norm, c.epsilon, c.stage, c.examples])));
  }
  parts.push(el('h3', {}, `Provenance (Cusp ${s.cuspVersion}, job seed ${s.jobSeed})`),
    table(['attack', 'norm', 'kind', 'reference', 'parameters'], s.attacks.map((a) =>
      [a.attack, a.norm, a.kind, a.reference, JSON.stringify(a.parameters)])));
  return parts;
}

// Robust accuracy against ε for one norm, one polyline per attack, starting from the clean accuracy at ε = 0
// (minimal-norm attacks give their whole curve from one run), and the worst case over the plan as a dashed line.
function accuracyCurve(report, worst, norm) {
  const width = 680, height = 220, pad = 40, legend = 160; // right margin for the curves' names
  const series = {};
  const rows = [...report.robustAccuracy, ...worst].filter((a) => a.norm === norm);
  for (const a of rows) (series[a.attack === WORST_CASE ? WORST_CASE : `${a.attack}/${a.norm}`] ??= []).push([a.epsilon, a.accuracy]);
  const maxEps = Math.max(...rows.map((a) => a.epsilon), 1e-9);
  const x = (e) => pad + (width - 2 * pad - legend) * e / maxEps;
  const y = (acc) => height - pad + (2 * pad - height) * acc;
  const svg = el('svg:svg', { width, height, viewBox: `0 0 ${width} ${height}` },
    el('svg:line', { x1: pad, y1: y(0), x2: x(maxEps), y2: y(0), stroke: '#99a' }),
    el('svg:line', { x1: pad, y1: y(0), x2: pad, y2: y(1), stroke: '#99a' }),
    el('svg:text', { x: x(maxEps), y: height - 8, 'text-anchor': 'end' }, `ε (max ${maxEps})`),
    el('svg:text', { x: 4, y: y(1) + 4 }, '1.0'), el('svg:text', { x: 4, y: y(0) + 4 }, '0.0'));
  const colours = ['#2f6fde', '#d9480f', '#2b8a3e', '#862e9c', '#c2255c', '#e67700', '#0b7285', '#5c940d'];
  Object.entries(series).forEach(([name, points], i) => {
    const all = [[0, report.cleanAccuracy], ...points.sort((a, b) => a[0] - b[0])];
    const colour = name === WORST_CASE ? '#1d2330' : colours[i % colours.length];
    svg.append(el('svg:polyline', { fill: 'none', stroke: colour, 'stroke-width': 2,
      ...(name === WORST_CASE ? { 'stroke-dasharray': '6 4' } : {}),
      points: all.map(([e, acc]) => `${x(e)},${y(acc)}`).join(' ') }));
    all.forEach(([e, acc]) => svg.append(el('svg:circle', { cx: x(e), cy: y(acc), r: 3, fill: colour })));
    svg.append(el('svg:text', { x: x(maxEps) + 6, y: y(all[all.length - 1][1]) }, name));
  });
  return svg;
}

// Quantile table and log-scale box plots of every distribution (σ_min, κ, margin; clean vs adversarial).
function distributions(dists) {
  const keys = Object.keys(dists ?? {}).sort();
  const cols = ['count', 'min', 'p10', 'p25', 'median', 'p75', 'p90', 'max', 'mean'];
  const table = el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'quantity'), ...cols.map((c) => el('th', { class: 'num' }, c)))),
    el('tbody', {}, ...keys.map((k) => el('tr', {}, el('td', {}, k), ...cols.map((c) => el('td', { class: 'num' }, fmt(dists[k][c])))))));
  const positive = keys.filter((k) => !k.startsWith('margin') && dists[k].count > 0 && dists[k].min > 0 && Number.isFinite(dists[k].max));
  if (positive.length === 0) return table;
  const width = 520, row = 24, pad = 150;
  const lo = Math.log10(Math.min(...positive.map((k) => dists[k].min)));
  const hi = Math.log10(Math.max(...positive.map((k) => dists[k].max)));
  const x = (v) => pad + (width - pad - 20) * (Math.log10(v) - lo) / Math.max(hi - lo, 1e-9);
  const svg = el('svg:svg', { width, height: row * positive.length + 24 });
  positive.forEach((k, i) => {
    const d = dists[k], mid = row * i + row / 2;
    svg.append(el('svg:text', { x: 0, y: mid + 4 }, k),
      el('svg:line', { x1: x(d.p10), x2: x(d.p90), y1: mid, y2: mid, stroke: '#667' }),
      el('svg:rect', { x: x(d.p25), y: mid - 7, width: Math.max(x(d.p75) - x(d.p25), 1), height: 14,
        fill: k.endsWith('adversarial') ? '#f4c7b8' : '#bcd3f7', stroke: '#667' }),
      el('svg:line', { x1: x(d.median), x2: x(d.median), y1: mid - 7, y2: mid + 7, stroke: '#1d2330', 'stroke-width': 2 }));
  });
  svg.append(el('svg:text', { x: pad, y: row * positive.length + 18 }, `log10 scale, ${fmt(10 ** lo, 2)} … ${fmt(10 ** hi, 2)}; box p25–p75, whiskers p10–p90`));
  return el('div', {}, table, svg);
}

$('#upload').addEventListener('submit', async (event) => {
  event.preventDefault();
  const message = $('#upload-message');
  try {
    const model = await api('/api/models', { method: 'POST', body: new FormData(event.target) });
    message.className = 'message ok';
    message.textContent = `stored ${model.name} ${model.version}`;
    loadModels();
  } catch (e) {
    message.className = 'message';
    message.textContent = e.message;
  }
});

$('#submit').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const message = $('#submit-message');
  const body = {
    modelId: form.get('modelId'), dataset: { name: 'fashion-mnist', split: 'test' },
    examples: Number(form.get('examples')), seed: Number(form.get('seed')),
    attacks: [{ attack: 'fgsm', norm: 'linf', epsilons: String(form.get('epsilons')).split(',').map(Number) }],
    singularityPlan: { tiers: ['cheap', ...form.getAll('tier')] },
  };
  try {
    const more = String(form.get('more') ?? '').trim();
    if (more) body.attacks.push(...JSON.parse(more));
    const job = await api('/api/jobs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    message.className = 'message ok';
    message.textContent = `job ${job.id.slice(0, 8)}: ${job.shardsTotal} shards`;
    loadJobs();
    openJob(job.id);
  } catch (e) {
    message.className = 'message';
    message.textContent = e.message;
  }
});

loadModels().catch((e) => { $('#upload-message').textContent = e.message; });
loadJobs().catch((e) => { $('#submit-message').textContent = e.message; });
setInterval(() => loadJobs().catch(() => {}), 5000);
