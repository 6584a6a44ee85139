// Managed rollout, end to end in Chromium on Linux: an enterprise policy file in /etc/chromium/policies/managed
// (what IT deploys; docs/managed-rollout.md) reaches Keyhole's storage.managed, the popup and the options page say
// so, and the background enforces it: the pushed playbook is offered and startable, new runs get the policy's
// reminder days (longer ones are refused), importing is refused and earlier imports are hidden.
// Needs root (it writes the policy file) and always removes the file. The extension id is derived from the dist
// path (the manifest has no `key`), so the test computes it the way Chromium does and checks that it matches.
// Firefox reads policies.json from its installation (docs/managed-rollout.md); that path is not tested here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DIST, chromiumOnly, launch, openExtPage, openPopup, pollPage, storageDump, waitFor } from './harness.mjs';

const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = join(POLICY_DIR, 'keyhole-e2e.json');
const EXAMPLE = readFileSync(resolve('docs/examples/acme-bi-hibob-readonly.json'), 'utf8');
const PUSHED = 'acme-bi-hibob-readonly';

/** Chromium's id for an unpacked extension: sha256 of its absolute path, first 32 hex digits written as a–p. */
export function unpackedExtensionId(dir) {
  const hex = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

const skip = chromiumOnly('the Firefox policy file lives in the browser installation, shared by every run') || (process.getuid?.() !== 0 ? 'needs root: writes /etc/chromium/policies/managed' : false);

test('a Chromium policy file reaches Keyhole; policy values win and the popup says so', { skip, timeout: 120_000 }, async () => {
  const id = unpackedExtensionId(DIST);
  const created = [];
  for (const d of ['/etc/chromium/policies', POLICY_DIR]) {
    if (!existsSync(d)) {
      mkdirSync(d);
      created.unshift(d);
    }
  }
  assert.ok(!existsSync(POLICY_FILE), `${POLICY_FILE} is left over from another run`);
  writeFileSync(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [id]: { revokeReminderDays: 3, allowImports: false, playbooks: [EXAMPLE] } } } }, null, 2));
  let ctx;
  try {
    ctx = await launch();
    assert.equal(ctx.extensionId, id, 'the id the policy names is the installed extension');
    const page = await openExtPage(ctx, 'popup/options.html');
    const managed = await pollPage(page, () => chrome.storage.managed.get(null).then((m) => (Object.keys(m).length ? m : null)), undefined, 'the policy in storage.managed', 20_000);
    assert.equal(managed.revokeReminderDays, 3);
    assert.equal(managed.allowImports, false);
    assert.equal(managed.playbooks.length, 1);

    // A playbook imported before the policy (written straight to storage, as an earlier import would have).
    const local = { ...JSON.parse(EXAMPLE), id: 'local-earlier-import', title: 'Imported before the policy' };
    await page.evaluate((pb) => chrome.storage.local.set({ 'keyhole.imported': { [pb.id]: pb } }), local);

    // Options: the notice, the import control off, the pushed playbook listed as the organisation's.
    await page.reload();
    await page.waitForSelector('[data-keyhole-policy]');
    assert.equal(await page.$eval('[data-keyhole-import]', (e) => e.disabled), true, 'import control disabled');
    assert.ok(await page.$('[data-keyhole-import-off]'));
    await page.waitForSelector(`[data-managed="${PUSHED}"]`);
    assert.equal(await page.$('[data-imported="local-earlier-import"]'), null, 'earlier imports are not offered');
    // The background refuses an import even when asked directly.
    const r = await page.evaluate((json) => chrome.runtime.sendMessage({ kind: 'keyhole/import', json }), JSON.stringify({ ...local, id: 'another-one' }));
    assert.equal(r.ok, false);
    assert.match(r.errors[0], /policy does not allow importing/);
    assert.equal((await storageDump(ctx))['keyhole.imported']['another-one'], undefined);

    // Popup: what the policy sets, the pushed playbook offered and startable with the policy's reminder days.
    const popup = await openPopup(ctx);
    const notice = await popup.$eval('[data-keyhole-policy]', (e) => e.textContent);
    assert.match(notice, /Set by your organisation’s policy/);
    assert.match(notice, /Revoke reminder: 3 days/);
    assert.match(notice, /Importing playbooks is turned off/);
    assert.match(notice, /Playbooks provided: “[^”]+”/);
    assert.equal(await popup.$('[data-playbook="local-earlier-import"]'), null);
    await popup.click(`[data-playbook="${PUSHED}"]`);
    await popup.waitForSelector(`[data-active="${PUSHED}"]`);
    const run = await waitFor(async () => (await storageDump(ctx))['keyhole.state']?.runs?.[PUSHED], 'the pushed playbook’s run');
    assert.equal(run.revokeDays, 3, 'the policy’s reminder days, not the playbook’s own');
    assert.equal((await storageDump(ctx))['keyhole.active'].playbook.id, PUSHED, 'published to the content scripts');
    const longer = await popup.evaluate((pid) => chrome.runtime.sendMessage({ kind: 'keyhole/revoke-days', playbookId: pid, days: 10 }), PUSHED);
    assert.equal(longer.ok, false);
    assert.match(longer.error, /at most 3 days/);
    const off = await popup.evaluate((pid) => chrome.runtime.sendMessage({ kind: 'keyhole/revoke-days', playbookId: pid, days: null }), PUSHED);
    assert.equal(off.ok, false);
    const shorter = await popup.evaluate((pid) => chrome.runtime.sendMessage({ kind: 'keyhole/revoke-days', playbookId: pid, days: 2 }), PUSHED);
    assert.equal(shorter.ok, true);
    await waitFor(async () => (await storageDump(ctx))['keyhole.state'].runs[PUSHED].revokeDays === 2, 'revokeDays = 2');
  } finally {
    await ctx?.close();
    rmSync(POLICY_FILE, { force: true });
    for (const d of created) rmdirSync(d);
  }
  assert.ok(!existsSync(POLICY_FILE), 'the policy file is removed');
});
