// Generated bench pages, served at real vendor URLs. The Setup pages themselves come from the Salesforce fixture
// tenant (tests/fixtures/salesforce); this file adds the heavy, non-setup Lightning record page.

const ROWS = 400;

/**
 * A Lightning record page (https://<org>.lightning.force.com/lightning/r/Account/<id>/view) that behaves like a busy
 * SPA: from load on, every tick (setInterval 16 ms, a fixed tick count so both browsers do the same work) it rewrites
 * 100 cells' text, toggles classes on 100 elements, flips 30 aria-checked/aria-expanded attributes and replaces a
 * 10-item feed list (~90 nodes): about 320 node mutations per tick, several thousand per second for a few seconds. When the last tick has run it
 * sets `data-bench-done` on <html>. It has checkboxes, buttons and headings like a real record page, none of them
 * Setup's.
 */
export function heavyRecordPage({ ticks = 120, accountId = '0015g00000BENCH' } = {}) {
  const rows = Array.from({ length: ROWS }, (_, i) =>
    `<tr class="slds-hint-parent"><th scope="row"><a href="/lightning/r/Contact/0035g00000C${String(i).padStart(4, '0')}/view">Contact ${i}</a></th>` +
      `<td class="c-amount">${(i * 137) % 9973}</td><td class="c-stage">Prospecting</td>` +
      `<td><span role="checkbox" aria-checked="${i % 3 === 0}" class="slds-checkbox_faux" aria-label="Primary ${i}"></span></td>` +
      `<td><input type="checkbox" ${i % 2 ? 'checked' : ''} aria-label="Do not call ${i}"></td>` +
      `<td><button class="slds-button" aria-expanded="false">Show actions</button></td></tr>`,
  ).join('');
  const script = `
(function(){
  var cells = document.querySelectorAll('td.c-amount');
  var stages = document.querySelectorAll('td.c-stage');
  var boxes = document.querySelectorAll('[role=checkbox], button[aria-expanded]');
  var feed = document.getElementById('feed');
  var stageNames = ['Prospecting','Qualification','Needs Analysis','Proposal','Negotiation','Closed Won'];
  var tick = 0, TICKS = ${ticks};
  function step(){
    var base = (tick * 100) % cells.length;
    for (var i = 0; i < 100; i++) { var c = cells[(base + i) % cells.length]; c.textContent = String((tick * 7919 + i) % 100000); }
    for (var j = 0; j < 100; j++) { var s = stages[(base + j) % stages.length]; s.className = 'c-stage' + ((tick + j) % 2 ? ' is-hot' : ''); }
    for (var k = 0; k < 30; k++) { var b = boxes[(tick * 30 + k) % boxes.length]; b.setAttribute(b.getAttribute('role') === 'checkbox' ? 'aria-checked' : 'aria-expanded', String((tick + k) % 2 === 0)); }
    var items = [];
    for (var f = 0; f < 10; f++) items.push('<li class="slds-timeline__item"><div class="slds-media"><div class="slds-media__body"><p><b>Update ' + (tick * 10 + f) + '</b> <span>by Alex Admin</span></p><time>' + tick + 's ago</time></div></div></li>');
    feed.innerHTML = items.join('');
    tick++;
    if (tick >= TICKS) { clearInterval(timer); console.timeStamp('bench-mutations-end'); document.documentElement.setAttribute('data-bench-done', String(performance.now())); }
  }
  console.timeStamp('bench-mutations-start');
  window.addEventListener('load', function(){ setTimeout(function(){ console.timeStamp('bench-settled'); }, 500); });
  var timer = setInterval(step, 16);
})();`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Acme Corp | Account | Salesforce</title>
<style>body{font:13px/1.4 system-ui,sans-serif;margin:0;background:#f3f3f3}.oneHeader{height:48px;background:#fff;border-bottom:1px solid #ddd}
.record{display:grid;grid-template-columns:2fr 1fr;gap:12px;padding:12px}.card{background:#fff;border:1px solid #ddd;border-radius:4px;padding:8px}
table{border-collapse:collapse;width:100%;table-layout:fixed}td,th{border-bottom:1px solid #eee;padding:2px 6px;text-align:left}.is-hot{color:#c23934}
.slds-checkbox_faux{display:inline-block;width:12px;height:12px;border:1px solid #888}</style></head>
<body class="desktop">
<div class="oneHeader"><one-app-nav-bar><nav role="navigation" aria-label="Global"><a href="/lightning/page/home">Home</a> <a href="/lightning/o/Account/home">Accounts</a> <a href="/lightning/o/Opportunity/home">Opportunities</a></nav></one-app-nav-bar></div>
<div class="record"><div class="card"><records-lwc-highlights-panel><h1><span>Account</span> <span class="slds-page-header__title">Acme Corp</span></h1>
<button class="slds-button">Edit</button> <button class="slds-button">New Contact</button> <button class="slds-button">Save</button></records-lwc-highlights-panel>
<h2>Contacts (${ROWS})</h2><table role="grid"><thead><tr><th>Name</th><th>Amount</th><th>Stage</th><th>Primary</th><th>Do Not Call</th><th></th></tr></thead><tbody>${rows}</tbody></table></div>
<div class="card"><h2>Activity</h2><ul id="feed"></ul></div></div>
<script>${script}</script></body></html>`;
}

/**
 * Serves the heavy record page for any Account record URL on the Lightning host (no content script is loaded there:
 * src/consoles/hosts.ts). `classic: true` serves it at the Classic record URL on the My Domain host
 * (https://acme.my.salesforce.com/0015g00000BENCH), where the content script loads and no step concerns the page.
 */
export function recordPageHandler({ host, ticks, classic = false } = {}) {
  host ??= classic ? 'acme.my.salesforce.com' : 'acme.lightning.force.com';
  const html = heavyRecordPage({ ticks });
  const path = classic ? /^\/001[A-Za-z0-9]{12}$/ : /^\/lightning\/r\/Account\/[A-Za-z0-9]+\/view$/;
  return {
    url: classic ? `https://${host}/0015g00000BENCH` : `https://${host}/lightning/r/Account/0015g00000BENCH/view`,
    handle({ url }) {
      const u = new URL(url);
      if (u.hostname !== host) return null;
      if (path.test(u.pathname)) return { body: html };
      if (u.pathname === '/favicon.ico') return { status: 404, body: '' };
      return null;
    },
  };
}
