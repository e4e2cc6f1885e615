/**
 * The app's stylesheet and its one script, served from /admin/assets/ (no CDN, no build step). The script
 * only enhances: every page works without it (forms post, pages reload); with it, a running run's counts
 * update live and a queued run opens its page as soon as a worker starts it.
 */
export const STYLESHEET = `
:root { --fg:#1d2330; --muted:#5b6475; --line:#d9dde5; --bg:#f6f7f9; --accent:#1f5fbf; --ok:#1b7f3b; --warn:#9a6700; --bad:#b42318; }
* { box-sizing: border-box; } [hidden] { display:none !important; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg); background:var(--bg); }
header.top { display:flex; align-items:center; gap:1.5rem; padding:.6rem 1.5rem; background:#18202e; color:#fff; }
header.top a { color:#dfe6f3; text-decoration:none; } header.top a:hover, header.top a.on { color:#fff; text-decoration:underline; }
header.top .brand { font-weight:700; font-size:1.05rem; color:#fff; } header.top form { margin-left:auto; }
main { max-width:1200px; margin:1.2rem auto; padding:0 1.5rem 3rem; }
h1 { font-size:1.4rem; margin:.2rem 0 1rem; } h2 { font-size:1.1rem; margin:1.6rem 0 .6rem; }
a { color:var(--accent); }
table { width:100%; border-collapse:collapse; background:#fff; border:1px solid var(--line); }
th, td { text-align:left; padding:.4rem .6rem; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#eef1f5; font-weight:600; font-size:.85rem; } td.num { text-align:right; font-variant-numeric:tabular-nums; }
.cards { display:grid; grid-template-columns:repeat(auto-fit,minmax(180px,1fr)); gap:.8rem; margin-bottom:1rem; }
.card { background:#fff; border:1px solid var(--line); border-radius:6px; padding:.7rem .9rem; }
.card .label { color:var(--muted); font-size:.8rem; } .card .value { font-size:1.3rem; font-weight:600; }
.badge { display:inline-block; padding:.05rem .45rem; border-radius:999px; font-size:.78rem; font-weight:600; background:#e7eaf0; }
.badge.active, .badge.completed, .badge.dispatched, .badge.ok { background:#dcf2e3; color:var(--ok); }
.badge.partial, .badge.paused, .badge.disabled, .badge.pending, .badge.waiting, .badge.delayed { background:#fdf1d6; color:var(--warn); }
.badge.failed, .badge.dead, .badge.down { background:#fde4e1; color:var(--bad); }
.badge.running, .badge.tested, .badge.configured, .badge.active-job { background:#dde8fb; color:var(--accent); }
.muted { color:var(--muted); } .small { font-size:.85rem; }
.notice { padding:.6rem .9rem; border-radius:6px; margin-bottom:1rem; background:#dcf2e3; border:1px solid #b7e1c4; }
.notice.error { background:#fde4e1; border-color:#f5c2bb; }
form.inline { display:inline; } .actions { display:flex; flex-wrap:wrap; gap:.5rem; align-items:center; margin:.5rem 0; }
button, .button { font:inherit; padding:.35rem .8rem; border-radius:5px; border:1px solid #b9c1cf; background:#fff; cursor:pointer; color:var(--fg); text-decoration:none; }
button.primary { background:var(--accent); border-color:var(--accent); color:#fff; } button.danger { color:var(--bad); border-color:#e9a39b; }
input[type=text], input[type=number], input[type=password], input[type=datetime-local], input[type=date], select, textarea {
  font:inherit; padding:.3rem .45rem; border:1px solid #b9c1cf; border-radius:4px; background:#fff; max-width:100%; }
textarea { width:100%; font-family:ui-monospace, SFMono-Regular, Menlo, monospace; font-size:.85rem; }
fieldset { background:#fff; border:1px solid var(--line); border-radius:6px; margin:0 0 1rem; padding:.6rem 1rem 1rem; }
fieldset fieldset { background:#fafbfc; } legend { font-weight:600; padding:0 .3rem; }
.field { display:grid; grid-template-columns:minmax(160px,240px) 1fr; gap:.3rem 1rem; padding:.45rem 0; border-top:1px solid #eef0f4; }
.field:first-of-type { border-top:0; } .field label { font-weight:600; } .field code { font-size:.78rem; color:var(--muted); font-weight:400; }
.field .help { grid-column:2; color:var(--muted); font-size:.83rem; }
.field .error, .field-error { grid-column:2; color:var(--bad); font-weight:600; font-size:.85rem; }
.field.invalid input, .field.invalid textarea, .field.invalid select { border-color:var(--bad); background:#fff7f6; }
.filters { display:flex; flex-wrap:wrap; gap:.6rem; align-items:end; background:#fff; border:1px solid var(--line); border-radius:6px; padding:.6rem .8rem; margin-bottom:1rem; }
.filters label { display:flex; flex-direction:column; font-size:.8rem; color:var(--muted); gap:.15rem; }
pre { background:#fff; border:1px solid var(--line); border-radius:6px; padding:.7rem; overflow:auto; max-height:420px; font-size:.82rem; }
progress { width:100%; height:1rem; } .signin { max-width:420px; margin:8vh auto; background:#fff; border:1px solid var(--line); border-radius:8px; padding:1.5rem; }
.signin input { width:100%; margin:.3rem 0 1rem; } code.cli { display:block; background:#18202e; color:#e6edf7; padding:.5rem .7rem; border-radius:5px; }
`;

export const SCRIPT = `
(function () {
  // A run page: poll the run's counts while it is running; reload when it ends (messages appear).
  var live = document.querySelector('[data-run-progress]');
  if (live) {
    var url = live.getAttribute('data-run-progress');
    var tick = function () {
      fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (p) {
        ['processed', 'created', 'updated', 'skipped', 'failed', 'total'].forEach(function (k) {
          var el = document.querySelector('[data-count="' + k + '"]');
          if (el) el.textContent = p[k] == null ? '–' : String(p[k]);
        });
        var bar = document.querySelector('progress[data-run-bar]');
        if (bar && p.total) { bar.max = p.total; bar.value = p.processed; }
        var status = document.querySelector('[data-run-status]');
        if (status) { status.textContent = p.status; status.className = 'badge ' + p.status; }
        if (p.status === 'running' || p.finishing) setTimeout(tick, 700); else setTimeout(function () { location.reload(); }, 300);
      }).catch(function () { setTimeout(tick, 2000); });
    };
    setTimeout(tick, 500);
  }
  // A queued run: open its page once a worker started it.
  var waiting = document.querySelector('[data-await-job]');
  if (waiting) {
    var jobUrl = waiting.getAttribute('data-await-job');
    var poll = function () {
      fetch(jobUrl, { headers: { accept: 'application/json' }, credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (j) {
        if (j.runId) location.href = j.href; else setTimeout(poll, 500);
      }).catch(function () { setTimeout(poll, 2000); });
    };
    setTimeout(poll, 300);
  }
  // Run form: the ids box only matters for an "ids" run.
  var mode = document.querySelector('select[name=mode]');
  var ids = document.querySelector('[data-ids-row]');
  if (mode && ids) { var sync = function () { ids.hidden = mode.value !== 'ids'; }; mode.addEventListener('change', sync); sync(); }
  // Confirm destructive or wide actions.
  document.querySelectorAll('form[data-confirm]').forEach(function (f) {
    f.addEventListener('submit', function (e) { if (!confirm(f.getAttribute('data-confirm'))) e.preventDefault(); });
  });
})();
`;
