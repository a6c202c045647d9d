// The access report's page script: renders the embedded data with DOM text nodes only (every
// name from the policy is inert), pages the users table so 50,000 users stay usable, and needs
// no network. Plain ES2020, no modules: it must run from file:// and as an e-mail attachment.
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('report-data').textContent);
  var PAGE = 50;
  var RISK = ['low', 'medium', 'high'];
  var ROLE_FLAGS = [[1, 'view'], [2, 'outbound'], [4, 'screen'], [8, 'delete']];

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'class') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c != null) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function badge(kind, text) { return el('span', { class: 'badge ' + kind, text: text || kind }); }
  function plural(n, word) { return n.toLocaleString('en') + ' ' + word + (n === 1 ? '' : 's'); }

  // Users: [login, name, hierarchy, routing, combo, rec]; rec 0 or [role, flags, scope, lines].
  var users = D.users;
  var comboRisk = D.combos.map(function (c) {
    return c[1].reduce(function (m, p) { return Math.max(m, D.perms[p][1]); }, 0);
  });
  var comboHas = D.combos.map(function (c) { var s = new Set(c[1]); return s; });
  var comboProfiles = D.combos.map(function (c) { return new Set(c[0]); });
  var lineUsers = D.lines.map(function (l) { return new Set(l[3]); });
  var allLines = new Set(D.allLines);

  // ---- tabs
  var tabs = Array.prototype.slice.call(document.querySelectorAll('nav button'));
  function show(id) {
    tabs.forEach(function (t) { t.setAttribute('aria-selected', String(t.dataset.tab === id)); });
    Array.prototype.forEach.call(document.querySelectorAll('main > section'), function (s) { s.hidden = s.id !== id; });
  }
  tabs.forEach(function (t) { t.addEventListener('click', function () { show(t.dataset.tab); }); });

  // ---- summary: counts and risky holders
  function summary() {
    var s = document.getElementById('summary');
    var riskyUsers = users.filter(function (u) { return comboRisk[u[4]] === 2; }).length;
    var hearing = new Set(D.allLines); D.lines.forEach(function (l) { l[3].forEach(function (i) { hearing.add(i); }); });
    var cards = el('div', { class: 'cards' }, [
      card(users.length, 'users'), card(D.profiles.length, 'security profiles'), card(riskyUsers, 'users holding a high-risk permission'),
      card(hearing.size, 'users who can hear some line'), card(D.findings.length, 'findings'),
    ]);
    s.appendChild(cards);
    s.appendChild(el('h2', { text: 'Who holds risky permissions, through which profile and rule' }));
    if (D.risky.length === 0) s.appendChild(el('p', { class: 'muted', text: 'No user holds a high- or medium-risk permission.' }));
    D.risky.forEach(function (r) {
      var total = new Set(); r[2].forEach(function (v) { v[2].forEach(function (i) { total.add(i); }); });
      var block = el('div', { class: 'block' }, [el('h3', null, [el('span', { class: 'mono', text: r[0] }), badge(RISK[r[1]]), el('span', { class: 'muted', text: plural(total.size, 'user') }), showLink('permission', r[0])])]);
      var list = el('ul', { class: 'via' });
      r[2].forEach(function (v) {
        list.appendChild(el('li', null, [
          el('b', { text: v[0] }), ' ', el('span', { class: 'muted', text: '— ' + plural(v[2].length, 'user') }), el('div', { class: 'chain', text: v[1] }), logins(v[2]),
        ]));
      });
      block.appendChild(list);
      s.appendChild(block);
    });
  }
  function card(n, label) { return el('div', { class: 'card' }, [el('b', { text: n.toLocaleString('en') }), el('span', { text: label })]); }
  function logins(idx) {
    var cap = 200;
    var d = el('details', null, [el('summary', { text: 'show users' })]);
    d.addEventListener('toggle', function once() {
      d.removeEventListener('toggle', once);
      var ul = el('ul', { class: 'logins' });
      idx.slice(0, cap).forEach(function (i) { ul.appendChild(el('li', { text: users[i][0] })); });
      if (idx.length > cap) ul.appendChild(el('li', { class: 'muted', text: '… and ' + (idx.length - cap).toLocaleString('en') + ' more (filter the Users tab)' }));
      d.appendChild(ul);
    });
    return d;
  }
  function showLink(filter, value) {
    var a = el('a', { href: '#', class: 'show', text: 'in users table' });
    a.addEventListener('click', function (ev) { ev.preventDefault(); resetFilters(); F[filter].value = value; apply(); show('users'); });
    return a;
  }

  // ---- users: filters and a paged table
  var F = {};
  var filtered = [];
  var page = 0;
  function option(value, text) { return el('option', { value: value, text: text }); }
  function select(id, label, first, options) {
    var s = el('select', { id: id }, [option('', first)].concat(options));
    F[id.slice(2)] = s;
    s.addEventListener('change', function () { apply(); });
    return el('label', { for: id }, [label, s]);
  }
  function usersSection() {
    var s = document.getElementById('users');
    var hier = new Set();
    users.forEach(function (u) { var parts = u[2].split('/'); for (var i = 1; i <= parts.length && u[2]; i++) hier.add(parts.slice(0, i).join('/')); });
    var search = el('input', { id: 'f-search', type: 'search', placeholder: 'login or name' });
    F.search = search;
    search.addEventListener('input', function () { apply(); });
    var reset = el('button', { type: 'button', text: 'Clear filters' });
    reset.addEventListener('click', function () { resetFilters(); apply(); });
    s.appendChild(el('div', { class: 'filters' }, [
      el('label', { for: 'f-search' }, ['Search', search]),
      select('f-profile', 'Profile', 'any profile', D.profiles.map(function (p) { return option(p[0], p[0] + (p[2] ? ' (built-in)' : '')); })),
      select('f-hierarchy', 'Hierarchy', 'anywhere', Array.from(hier).sort().map(function (h) { return option(h, h); })),
      select('f-risk', 'Risk', 'any risk', [option('2', 'holds a high-risk permission'), option('1', 'holds medium or high risk'), option('0', 'no risky permission')]),
      select('f-line', 'Can hear line', 'any line or none', D.lines.map(function (l) { return option(l[0], l[0] + ' ' + l[1]); })),
      select('f-permission', 'Holds permission', 'any permission', D.perms.map(function (p) { return option(p[0], p[0]); })),
      reset,
    ]));
    var count = el('span', { id: 'user-count' });
    var prev = el('button', { type: 'button', text: '‹ Previous' });
    var next = el('button', { type: 'button', text: 'Next ›' });
    prev.addEventListener('click', function () { if (page > 0) { page--; render(); } });
    next.addEventListener('click', function () { if ((page + 1) * PAGE < filtered.length) { page++; render(); } });
    s.appendChild(el('div', { class: 'pager' }, [prev, next, count]));
    var table = el('table', { id: 'user-table' }, [
      el('thead', null, [el('tr', null, ['Login', 'Name', 'Hierarchy', 'Security profiles', 'Routing profile', 'Risky permissions', 'Recordings'].map(function (h) { return el('th', { text: h }); }))]),
      el('tbody'),
    ]);
    s.appendChild(table);
    F.count = count; F.prev = prev; F.next = next; F.body = table.tBodies[0];
  }
  function resetFilters() { ['search', 'profile', 'hierarchy', 'risk', 'line', 'permission'].forEach(function (k) { F[k].value = ''; }); }
  function apply() {
    var q = F.search.value.trim().toLowerCase();
    var prof = F.profile.value, hier = F.hierarchy.value, risk = F.risk.value, line = F.line.value, perm = F.permission.value;
    var permIdx = perm ? D.perms.findIndex(function (p) { return p[0] === perm; }) : -1;
    var lineIdx = line ? D.lines.findIndex(function (l) { return l[0] === line; }) : -1;
    filtered = [];
    for (var i = 0; i < users.length; i++) {
      var u = users[i];
      if (q && u[0].toLowerCase().indexOf(q) < 0 && u[1].toLowerCase().indexOf(q) < 0) continue;
      if (prof && !comboProfiles[u[4]].has(prof)) continue;
      if (hier && u[2] !== hier && u[2].indexOf(hier + '/') !== 0) continue;
      if (risk === '0' ? comboRisk[u[4]] !== 0 : risk && comboRisk[u[4]] < Number(risk)) continue;
      if (lineIdx >= 0 && !lineUsers[lineIdx].has(i) && !allLines.has(i)) continue;
      if (permIdx >= 0 && !comboHas[u[4]].has(permIdx)) continue;
      filtered.push(i);
    }
    page = 0;
    render();
  }
  function recordingText(rec) {
    if (!rec) return '';
    var flags = ROLE_FLAGS.filter(function (f) { return rec[1] & f[0]; }).map(function (f) { return f[1]; });
    var scope = rec[2] === 'lines' ? (rec[3].map(function (l) { return D.lines[l][0]; }).join(', ') || 'no lines') : rec[2] === 'own' ? 'own calls' : rec[2] === 'all' ? 'all lines' : 'no access';
    return rec[0] + ': ' + (flags.join(', ') || 'none') + ' — ' + scope;
  }
  function render() {
    var body = F.body;
    body.textContent = '';
    var start = page * PAGE;
    filtered.slice(start, start + PAGE).forEach(function (i) {
      var u = users[i];
      var c = D.combos[u[4]];
      var risky = el('td', { class: 'tags' }, c[1].filter(function (p) { return D.perms[p][1] > 0; }).map(function (p) { return el('span', { class: RISK[D.perms[p][1]], text: D.perms[p][0] }); }));
      var tr = el('tr', { 'data-login': u[0] }, [
        el('td', { class: 'mono', text: u[0] }), el('td', { text: u[1] }), el('td', { text: u[2] }),
        el('td', { text: c[0].join(', ') }), el('td', { text: u[3] }), risky, el('td', { text: recordingText(u[5]) }),
      ]);
      tr.addEventListener('click', function () {
        var open = tr.nextSibling && tr.nextSibling.className === 'detail';
        if (open) { body.removeChild(tr.nextSibling); return; }
        var perms = el('td', { colspan: '7', class: 'tags' }, [el('b', { text: plural(c[1].length, 'effective permission') + ': ' })].concat(c[1].map(function (p) { return el('span', { class: RISK[D.perms[p][1]], text: D.perms[p][0] }); })));
        body.insertBefore(el('tr', { class: 'detail' }, [perms]), tr.nextSibling);
      });
      body.appendChild(tr);
    });
    var end = Math.min(start + PAGE, filtered.length);
    F.count.textContent = filtered.length === 0 ? 'no users match' : (start + 1).toLocaleString('en') + '–' + end.toLocaleString('en') + ' of ' + plural(filtered.length, 'user') + (filtered.length < users.length ? ' (of ' + users.length.toLocaleString('en') + ')' : '');
    F.prev.disabled = page === 0;
    F.next.disabled = end >= filtered.length;
  }

  // ---- lines
  function linesSection() {
    var s = document.getElementById('lines');
    var note = D.agentAccess === 'none' ? 'Agents have no access to call recordings.' : D.agentAccess === 'own' ? 'Agents with recording access hear their own calls on any line; they are not listed per line.' : 'Agents with recording access hear every line; they are counted on each line.';
    s.appendChild(el('p', { class: 'muted', text: note }));
    D.lines.forEach(function (l) {
      s.appendChild(el('div', { class: 'block' }, [
        el('h3', null, [el('span', { class: 'mono', text: l[0] }), el('span', { class: 'muted', text: l[1] + (l[2] ? ' — ' + l[2] : '') })]),
        el('div', null, [plural(l[3].length + D.allLines.length, 'user') + ' can hear its recordings' + (D.allLines.length > 0 ? ' (' + D.allLines.length.toLocaleString('en') + ' of them hear every line)' : '') + ' ', showLink('line', l[0])]),
        logins(l[3].concat(D.allLines)),
      ]));
    });
  }

  // ---- changes and findings
  function changesSection() {
    var s = document.getElementById('changes');
    if (!D.changes) { s.appendChild(el('p', { class: 'muted', text: 'This report was made without a target; give --target URL (and --since ID) to list what changed.' })); return; }
    s.appendChild(el('p', { class: 'muted', text: 'Applies recorded in the target after history entry #' + D.meta.since + ', oldest first.' }));
    if (D.changes.length === 0) s.appendChild(el('p', { text: 'No applies since then.' }));
    D.changes.forEach(function (h) {
      var ul = el('ul', { class: 'via' });
      h[5].forEach(function (c) { ul.appendChild(el('li', { class: 'mono', text: c[0] + ' ' + c[1] + ' ' + c[2] })); });
      s.appendChild(el('div', { class: 'block' }, [el('h3', null, ['#' + h[0], el('span', { class: 'muted', text: h[1] + ' by ' + h[2] + (h[3] ? ', commit ' + h[3] : '') })]), el('div', { text: h[4] }), ul]));
    });
  }
  function findingsSection() {
    var s = document.getElementById('findings');
    if (D.findings.length === 0) { s.appendChild(el('p', { class: 'muted', text: 'No findings: every guardrail passes.' })); return; }
    var body = el('tbody');
    D.findings.forEach(function (f) { body.appendChild(el('tr', null, [el('td', null, [badge(f[0])]), el('td', { class: 'mono', text: f[1] }), el('td', { class: 'mono', text: f[2] }), el('td', { text: f[3] })])); });
    s.appendChild(el('table', null, [el('thead', null, [el('tr', null, ['Severity', 'Code', 'Where', 'Finding'].map(function (h) { return el('th', { text: h }); }))]), body]));
  }

  summary();
  usersSection();
  linesSection();
  changesSection();
  findingsSection();
  apply();
  show('summary');
  document.documentElement.setAttribute('data-ready', 'true');
})();
