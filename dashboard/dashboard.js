// draws every panel of panels.js from rebar's read-only SQL endpoint (/); text from the data is always set as text,
// never as markup (scraped names cannot inject anything); uPlot (bundled, /dashboard/vendor/) draws the charts
import { PANELS } from '/dashboard/panels.js';

const COLOURS = [
  '#4a6fa5',
  '#d08c2c',
  '#1f8a5b',
  '#c8432e',
  '#7a5195',
  '#2a9d8f',
  '#8d6e63',
  '#e76f51',
  '#577590',
  '#b5838d',
];
const HEIGHT = 260;

/** The rows of a query, as ClickHouse's JSONCompact gives them (numbers that came quoted made numbers again). */
async function query(sql) {
  const res = await fetch('/?default_format=JSONCompact', { method: 'POST', body: sql });
  const text = await res.text();
  if (!res.ok) throw new Error(text.trim());
  const out = JSON.parse(text);
  const numeric = out.meta.map((m) => /Int|Float|Decimal/.test(m.type));
  return {
    columns: out.meta.map((m) => m.name),
    rows: out.data.map((r) => r.map((v, i) => (numeric[i] && v !== null ? Number(v) : v))),
  };
}

const literal = (s) => `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const fill = (sql, values) => sql.replace(/\{(\w+)\}/g, (_, name) => literal(values[name] ?? ''));
const seconds = (v) =>
  Date.parse(
    /^\d{4}-\d{2}(-\d{2})?$/.test(v) ? `${v.length === 7 ? `${v}-01` : v}T00:00:00Z` : `${v.replace(' ', 'T')}Z`,
  ) / 1000;
const csvHref = (sql) => `/?default_format=CSVWithNames&query=${encodeURIComponent(sql)}`;

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

function scaffold(panel) {
  const chart = el('div', { class: 'chart', 'data-chart': panel.id });
  const section = el(
    'section',
    { class: 'panel', id: panel.id },
    el('h2', {}, panel.title),
    el('p', { class: 'note' }, panel.note),
  );
  const parts = {
    section,
    controls: el('div', { class: 'controls' }),
    figure: el('p', { class: 'figure' }),
    chart,
    error: el('p', { class: 'error' }),
    table: el('div', { class: 'table-wrap' }),
    sql: el('pre', {}),
    links: el('div', { class: 'links' }),
  };
  const copy = el('button', { type: 'button' }, 'copy');
  copy.addEventListener('click', () => navigator.clipboard?.writeText(parts.sql.textContent ?? ''));
  section.append(
    parts.controls,
    parts.figure,
    chart,
    parts.error,
    parts.table,
    el('details', {}, el('summary', {}, 'SQL behind this chart'), parts.sql, copy),
    parts.links,
  );
  return parts;
}

function showSql(parts, sqls, csv) {
  parts.sql.textContent = sqls.join('\n\n');
  parts.links.replaceChildren(
    ...csv.map(([label, href]) => el('a', { href, download: `${parts.section.id}.csv` }, label)),
    el('a', { href: `/?query=${encodeURIComponent(sqls[0])}&default_format=PrettyCompactMonoBlock` }, 'run at /'),
  );
}

function table(target, result) {
  const head = el('tr', {}, ...result.columns.map((c) => el('th', {}, c)));
  const body = result.rows.map((r) =>
    el('tr', {}, ...r.map((v) => el('td', typeof v === 'number' ? { class: 'num' } : {}, v === null ? '' : String(v)))),
  );
  target.replaceChildren(el('table', {}, el('thead', {}, head), el('tbody', {}, ...body)));
}

// a log axis's ticks: below 0.001 as 1e-4 (the default format writes 0.0001 as 0)
const logTicks = (u, splits) =>
  splits.map((v) => (v === null ? '' : v > 0 && v < 0.001 ? v.toExponential(0) : v.toLocaleString('en-US')));

// every chart drawn, by its element: redrawn at a new width when the window's changes, dropped when replotted
const charts = new Map();
let resizing = 0;
window.addEventListener('resize', () => {
  clearTimeout(resizing);
  resizing = setTimeout(() => {
    for (const [chart, u] of charts) u.setSize({ width: Math.max(320, chart.clientWidth), height: HEIGHT });
  }, 150);
});

function plot(parts, names, data, opts = {}) {
  charts.get(parts.chart)?.destroy();
  parts.chart.replaceChildren();
  const width = Math.max(320, parts.chart.clientWidth || parts.section.clientWidth - 32);
  const series = [
    {},
    ...names.map((name, i) => ({
      label: name,
      stroke: opts.colours?.[i] ?? COLOURS[i % COLOURS.length],
      width: opts.dashed?.[i] ? 1 : 1.6,
      dash: opts.dashed?.[i] ? [6, 4] : undefined,
      // a series asked for dots gets them where they fit (uPlot's own rule): 20,000 dots are a band that hides the line
      points:
        opts.points?.[i] && !opts.bars ? {} : { show: opts.bars ? false : (opts.points?.[i] ?? data[0].length < 60) },
      paths: opts.bars ? uPlot.paths.bars({ size: [0.6, 40], align: i === 0 ? -1 : 1 }) : undefined,
      fill: opts.bars ? opts.colours?.[i] : undefined,
      spanGaps: true,
    })),
  ];
  const plotted = data.slice(1).reduce((n, s, i) => n + (opts.dashed?.[i] ? 0 : s.filter((v) => v !== null).length), 0);
  parts.chart.setAttribute('data-points', String(plotted));
  parts.chart.setAttribute('data-x', String(data[0].length));
  const u = new uPlot(
    {
      width,
      height: HEIGHT,
      series,
      scales: { y: opts.log ? { distr: 3 } : {} },
      axes: [{}, { size: 60, ...(opts.log ? { values: logTicks } : {}) }],
    },
    data,
    parts.chart,
  );
  charts.set(parts.chart, u);
  return u;
}

// long rows (x, key, y) as one series per key, aligned on the union of x
function pivot(rows) {
  const xs = [...new Set(rows.map((r) => r[0]))];
  const keys = [...new Set(rows.map((r) => r[1]))];
  const at = new Map(xs.map((x, i) => [x, i]));
  const series = keys.map(() => xs.map(() => null));
  for (const r of rows) series[keys.indexOf(r[1])][at.get(r[0])] = r[2];
  return { names: keys, data: [xs.map(seconds), ...series] };
}

async function drawSql(panel, parts) {
  const values = {};
  for (const [name, sql] of Object.entries(panel.params ?? {})) {
    const options = (await query(sql)).rows.map((r) => String(r[0]));
    const select = el('select', { name });
    for (const o of options) select.append(el('option', { value: o }, o === '' ? '(every one)' : o));
    select.addEventListener('change', () => redraw(panel, parts, { ...values, [name]: select.value }));
    parts.controls.append(el('label', {}, `${name} `, select));
    values[name] = options[0] ?? '';
  }
  await redraw(panel, parts, values);
}

async function redraw(panel, parts, values) {
  const sql = fill(panel.sql, values);
  const below = panel.table ? fill(panel.table, values) : null;
  const sqls = [sql, ...(below ? [below] : [])];
  showSql(parts, sqls, [['CSV', csvHref(sql)], ...(below ? [['CSV (table)', csvHref(below)]] : [])]);
  const result = await query(sql);
  if (!result.rows.length) {
    parts.chart.setAttribute('data-points', '0');
    parts.figure.textContent = 'no rows yet: import or backfill this source (or run rebar demo)';
  } else if (panel.kind === 'table') {
    table(parts.chart, result);
    parts.chart.classList.add('tabular');
    parts.chart.setAttribute('data-points', String(result.rows.length));
  } else if (panel.kind === 'hbars') hbars(parts, result);
  else if (panel.split) {
    const { names, data } = pivot(result.rows);
    const bands = (panel.bands ?? []).map((b) => data[0].map(() => b));
    plot(parts, [...names, ...(panel.bands ?? []).map((b) => `${b.toLocaleString('en-US')}`)], [...data, ...bands], {
      dashed: [...names.map(() => false), ...bands.map(() => true)],
      colours: [...names.map((_, i) => COLOURS[i % COLOURS.length]), ...bands.map(() => '#9aa3b2')],
      log: panel.log,
    });
  } else {
    const data = [
      result.rows.map((r) => seconds(String(r[0]))),
      ...result.columns.slice(1).map((_, i) => result.rows.map((r) => r[i + 1])),
    ];
    plot(parts, result.columns.slice(1), data, {
      bars: panel.kind === 'bars',
      colours: panel.kind === 'bars' ? ['#1f8a5b', '#c8432e'] : undefined,
      log: panel.log,
    });
  }
  if (below) table(parts.table, await query(below));
}

// a ranked list per group (first column), bars as wide as the value against the largest; the rows go in blocks the
// browser lays out and paints only when scrolled to (content-visibility), so 20,000 rows cost about what a screenful does
const BLOCK_ROWS = 50;
const ROW_PX = 17; // a .bar-row's height with its margin: a block's size until it is first laid out
function hbars(parts, result) {
  const groups = new Map();
  let max = 0;
  for (const [group, label, value] of result.rows) {
    let items = groups.get(group);
    if (!items) groups.set(group, (items = []));
    items.push([label, value]);
    if (value > max) max = value;
  }
  // each row a clone of one (its text set as text): a quarter of the time of building 20,000 rows element by element
  const template = el(
    'div',
    { class: 'bar-row' },
    el('span'),
    el('div', { class: 'bar' }),
    el('span', { class: 'value' }),
  );
  const blocks = [];
  for (const [group, items] of groups) {
    blocks.push(el('div', { class: 'bar-group' }, String(group)));
    for (let i = 0; i < items.length; i += BLOCK_ROWS) {
      const block = el('div', { class: 'bar-block' });
      const chunk = items.slice(i, i + BLOCK_ROWS);
      block.style.containIntrinsicSize = `auto ${chunk.length * ROW_PX}px`;
      for (const [label, value] of chunk) {
        const row = template.cloneNode(true);
        const [name, bar, figure] = row.children;
        name.textContent = String(label);
        bar.style.width = `${max > 0 ? Math.max(1, (100 * value) / max) : 1}%`;
        figure.textContent = `$${value.toFixed(2)}`;
        block.append(row);
      }
      blocks.push(block);
    }
  }
  parts.chart.classList.add('bars');
  parts.chart.replaceChildren(...blocks);
  parts.chart.setAttribute('data-points', String(result.rows.length));
}

// the least-squares line of log10(price) on time, through the series' own x
function fitted(xs, prices) {
  const ys = prices.map((p) => Math.log10(p));
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const b = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  return xs.map((x) => 10 ** (my + b * (x - mx)));
}

async function drawPriceIndex(panel, parts) {
  const inputs = el(
    'select',
    { name: 'inputs' },
    el('option', { value: 'epoch' }, 'epoch'),
    el('option', { value: 'observed' }, 'observed'),
  );
  const series = el('select', { name: 'series' });
  parts.controls.append(el('label', {}, 'inputs ', inputs), el('label', {}, 'benchmark @ threshold ', series));
  let all = [];
  const show = () => {
    const s = all[Number(series.value)];
    if (!s) return;
    const xs = s.points.map((p) => seconds(p.date));
    const prices = s.points.map((p) => p.price);
    plot(
      parts,
      ['cheapest so far (USD per 1M tokens, blended)', 'fitted'],
      [xs, prices, xs.length > 1 ? fitted(xs, prices) : prices],
      {
        log: true,
        points: [true, false],
        dashed: [false, true],
      },
    );
    parts.figure.textContent = `${s.factor_per_year.toFixed(1)}x cheaper per year (90% CI ${s.ci90_low.toFixed(1)}x to ${s.ci90_high.toFixed(1)}x), n ${s.n}, R² ${s.r_squared.toFixed(2)}, ${s.start_date} to ${s.end_date}`;
    const csv = [
      'model,date,price,score',
      ...s.points.map((p) => `${JSON.stringify(p.model)},${p.date},${p.price},${p.score}`),
    ].join('\n');
    const url = `/dashboard/metric/price-index?all=&inputs=${inputs.value}`;
    parts.sql.textContent = `-- computed by rebar metrics price-index --all --inputs ${inputs.value} (${url}), on:\n${
      inputs.value === 'epoch'
        ? 'SELECT model, release_date, usd_per_mtok_blended, mmlu, gpqa_diamond, humaneval, math_500, arena_elo, math_5 FROM model_price_points ORDER BY release_date'
        : 'SELECT day, model_id, median_input, median_output, first_party_input, first_party_output FROM model_prices_by_day ORDER BY day, model_id'
    }\n-- method: ${s.method ?? all.find((x) => x.method)?.method ?? ''}`;
    parts.links.replaceChildren(
      el('a', { href: URL.createObjectURL(new Blob([csv], { type: 'text/csv' })), download: 'price-index.csv' }, 'CSV'),
      el('a', { href: url }, 'JSON'),
    );
  };
  const load = async () => {
    const res = await fetch(`/dashboard/metric/price-index?all=&inputs=${inputs.value}`);
    const text = await res.text();
    if (!res.ok) throw new Error(text.trim());
    all = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((s) => Array.isArray(s.points) && s.points.length);
    series.replaceChildren(
      ...all.map((s, i) =>
        el('option', { value: String(i) }, `${s.benchmark} @ ${s.threshold_model} (${s.threshold})`),
      ),
    );
    if (!all.length)
      parts.figure.textContent = 'no series yet: import the Epoch files or price sheets (or run rebar demo)';
    show();
  };
  inputs.addEventListener('change', () => load().catch((e) => (parts.error.textContent = e.message)));
  series.addEventListener('change', show);
  await load();
}

async function main() {
  const status = document.getElementById('status');
  const root = document.getElementById('panels');
  const drawn = await Promise.allSettled(
    PANELS.map(async (panel) => {
      const parts = scaffold(panel);
      root.append(parts.section);
      try {
        await (panel.kind === 'price-index' ? drawPriceIndex(panel, parts) : drawSql(panel, parts));
        parts.section.setAttribute('data-ready', 'yes');
      } catch (e) {
        parts.error.textContent = e.message;
        parts.section.setAttribute('data-ready', 'error');
      }
    }),
  );
  const failed = PANELS.filter((p) => document.getElementById(p.id)?.getAttribute('data-ready') === 'error').length;
  status.textContent = `${drawn.length - failed} of ${drawn.length} panels drawn${failed ? `; ${failed} failed (their message is in the panel)` : ''}`;
  document.body.setAttribute('data-ready', 'yes');
}

main();
