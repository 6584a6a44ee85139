/**
 * Shared by the unit tests that run the content agent on a page in happy-dom (not a test file itself): the built-in
 * Salesforce playbook with its default parameters, a profile edit page, and waits for the work a page change starts.
 */
import { Window } from 'happy-dom';
import { builtinPlaybooks } from '../../src/builtins.ts';
import { defaultParams, instantiate } from '../../src/core/instantiate.ts';
import { Agent } from '../../content-scripts/agent.ts';
import type { Catalogs } from '../../src/consoles/catalog-data.ts';
import type { ContentMessage } from '../../src/messages.ts';
import { publishedCatalogs } from './published-catalogs.ts';

/** Drivetrain's Salesforce playbook, instantiated with its default parameters. */
export const salesforcePlaybook = (() => {
  const pb = builtinPlaybooks().find((p) => p.id === 'drivetrain-salesforce-support')!;
  return instantiate(pb, defaultParams(pb));
})();

/** The URL of the Classic edit page of the playbook's profile. */
export const EDIT_URL = 'https://acme.my.salesforce.com/00e5g000001AbCd/e?retURL=%2F00e5g000001AbCd';

let running: Array<{ win: Window; agent: Agent }> = [];

/**
 * The Salesforce playbook's agent started on `html` at `url` (with the published catalogs unless others are given):
 * the page, the messages it sends, a box's verdict by selector, and the current target. `stopAgents` (afterEach)
 * stops every agent started so and closes its window.
 */
export function startAgent(html: string, { url = EDIT_URL, catalogs = publishedCatalogs(salesforcePlaybook) }: { url?: string; catalogs?: Catalogs } = {}) {
  const win = new Window({ url });
  win.document.body.innerHTML = html;
  const sent: ContentMessage[] = [];
  const agent = new Agent(salesforcePlaybook, { win: win as unknown as globalThis.Window, send: (m) => sent.push(m), catalogs });
  running.push({ win, agent });
  agent.start();
  const doc = win.document;
  const v = (sel: string) => doc.querySelector(sel)!.getAttribute('data-keyhole-verdict');
  const target = () => doc.querySelector('[data-keyhole-target]');
  return { win, doc, sent, v, target };
}

export function stopAgents(): void {
  for (const { win, agent } of running) {
    agent.stop();
    win.close();
  }
  running = [];
}

/**
 * Two frames, then the chain of tasks they start: the first index of a visit starts in a task after the pass, four
 * tasks prepare it (slicing.test.ts counts them), the naming slices follow, and a slow complete pass finishes in one
 * task more.
 */
export async function frames(w: Window): Promise<void> {
  await new Promise((r) => w.requestAnimationFrame(() => w.requestAnimationFrame(r)));
  for (let i = 0; i < 8; i++) await new Promise((r) => w.setTimeout(r, 0));
}

/** Page-driven passes may wait for the back-off (page-visit.ts, at most 1 s): poll for the condition up to `ms`. */
export async function until(cond: () => boolean, ms = 2000): Promise<void> {
  for (const t0 = Date.now(); !cond() && Date.now() - t0 < ms; ) await new Promise((r) => setTimeout(r, 20));
}

/**
 * A Classic profile edit page that is right as it is (Save is the target), with a ticked review item (Run Reports) and
 * an unticked write (Edit Accounts): relabel.test.ts and pass-split.test.ts.
 */
export const SAVE_READY_EDIT_PAGE = `
  <h1 class="pageType">Profile Edit</h1><h2 class="pageDescription">Drivetrain Integration</h2>
  <table class="detailList"><tr><td class="labelCol"><label for="n">Profile Name</label></td><td class="dataCol"><input id="n" type="text" value="Drivetrain Integration"></td></tr></table>
  <div class="pbSubheader"><h3>Administrative Permissions<span class="titleSeparatingColon">:</span></h3></div>
  <table class="detailList"><tbody id="admin"><tr>
    <td class="labelCol"><label for="a1">API Enabled</label></td><td class="dataCol"><input type="checkbox" id="a1" checked></td>
    <td class="labelCol"><label for="a2">Api Only User</label></td><td class="dataCol"><input type="checkbox" id="a2" checked></td></tr>
    <tr><td class="labelCol"><label for="a3">View Setup and Configuration</label></td><td class="dataCol"><input type="checkbox" id="a3" checked></td>
    <td class="labelCol"><label for="a4">Run Reports</label></td><td class="dataCol"><input type="checkbox" id="a4" checked></td></tr></tbody></table>
  <div class="pbSubheader"><h3>Standard Object Permissions</h3></div>
  <table class="crudTable"><tr>
    <th class="labelCol" scope="row">Accounts</th><td class="crudCol"><input type="checkbox" title="Read Accounts" checked></td><td class="crudCol"><input type="checkbox" title="Edit Accounts"></td>
    <th class="labelCol" scope="row">Opportunities</th><td class="crudCol"><input type="checkbox" title="Read Opportunities" checked></td>
    <th class="labelCol" scope="row">Leads</th><td class="crudCol"><input type="checkbox" id="leads" title="Read Leads" checked></td>
  </tr></table>
  <td class="pbButton"><input class="btn" type="submit" name="save" value=" Save "><input class="btn" type="submit" name="cancel" value="Cancel"></td>`;
