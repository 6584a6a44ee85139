// A permission pass that has used its share of a task by the time its verdicts are written finishes in the next task
// (content-scripts/agent.ts, PASS_SPLIT_MS): the plan, the card and the snapshot. Until then Save is not offered
// where a box now needs fixing. A fake clock decides what "a slow pass" is; a fake scheduler runs the next task.
import { afterEach, describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { salesforcePlaybook } from './agent-page.ts';
import { Agent } from '../../content-scripts/agent.ts';
import { stepsForUrl } from '../../src/core/resolver.ts';
import type { ContentMessage } from '../../src/messages.ts';
import { publishedCatalogs } from './published-catalogs.ts';

const URL_ = 'https://acme.my.salesforce.com/00e5g000001AbCd/e';
// A profile edit page that is right as it is: Save is the target.
const PAGE = `
  <h1 class="pageType">Profile Edit</h1><h2 class="pageDescription">Drivetrain Integration</h2>
  <div class="pbSubheader"><h3>Administrative Permissions</h3></div>
  <table class="detailList"><tr>
    <td class="labelCol"><label for="a1">API Enabled</label></td><td class="dataCol"><input type="checkbox" id="a1" checked></td>
    <td class="labelCol"><label for="a2">Api Only User</label></td><td class="dataCol"><input type="checkbox" id="a2" checked></td></tr>
    <tr><td class="labelCol"><label for="a4">Modify All Data</label></td><td class="dataCol"><input type="checkbox" id="a4"></td></tr></table>
  <div class="pbSubheader"><h3>Standard Object Permissions</h3></div>
  <table class="crudTable"><tr>
    <th class="labelCol" scope="row">Accounts</th><td class="crudCol"><input type="checkbox" title="Read Accounts" checked></td><td class="crudCol"><input type="checkbox" title="Edit Accounts"></td>
    <th class="labelCol" scope="row">Opportunities</th><td class="crudCol"><input type="checkbox" title="Read Opportunities" checked></td>
    <th class="labelCol" scope="row">Leads</th><td class="crudCol"><input type="checkbox" title="Read Leads" checked></td>
  </tr></table>
  <td class="pbButton"><input class="btn" type="submit" name="save" value=" Save "><input class="btn" type="submit" name="cancel" value="Cancel"></td>`;

let win: Window | null = null;
let agent: Agent | null = null;
afterEach(() => {
  agent?.stop();
  win?.close();
});

describe('a slow permission pass finishes in the next task', () => {
  it('verdicts at once; the plan and the card next; Save withdrawn in between when a box now needs fixing', () => {
    win = new Window({ url: URL_ });
    win.document.body.innerHTML = PAGE;
    const doc = win.document as unknown as Document;
    const queue: Array<() => void> = [];
    // Each clock read is 5 ms later while `slow`: a pass reads it more than twice before its verdicts are written.
    let t = 0;
    let slow = false;
    const sent: ContentMessage[] = [];
    agent = new Agent(salesforcePlaybook, {
      win: win as unknown as globalThis.Window,
      send: (m) => sent.push(m),
      catalogs: publishedCatalogs(salesforcePlaybook),
      yieldToPage: (next) => queue.push(next),
      now: () => (slow ? (t += 5) : t),
    });
    const a = agent as unknown as { steps: unknown; evaluate(): void };
    a.steps = stepsForUrl(salesforcePlaybook, new URL(URL_));
    const drain = () => {
      for (let i = 0; i < 50 && queue.length; i++) queue.shift()!();
    };
    const v = (sel: string) => doc.querySelector(sel)!.getAttribute('data-keyhole-verdict');
    const target = () => doc.querySelector('[data-keyhole-target]');
    a.evaluate();
    drain();
    expect(target()?.getAttribute('name')).toBe('save');
    // A fast pass is one task: nothing left for the next.
    a.evaluate();
    expect(queue).toHaveLength(0);
    expect(target()?.getAttribute('name')).toBe('save');

    // The page's script ticks Modify All Data; the next pass is slow.
    (doc.querySelector('#a4') as HTMLInputElement).checked = true;
    slow = true;
    a.evaluate();
    expect(v('#a4')).toBe('forbidden'); // written in this task
    expect(target()).toBeNull(); // Save is not offered meanwhile
    expect(queue).toHaveLength(1); // the plan and the card: the next task
    slow = false;
    drain();
    expect(target()?.id).toBe('a4');
    expect(doc.querySelectorAll('[data-keyhole-target]')).toHaveLength(1);

    // Unticked again, slow: the verdict at once, Save once the plan has run (no problem, so nothing withdrawn).
    (doc.querySelector('#a4') as HTMLInputElement).checked = false;
    slow = true;
    a.evaluate();
    expect(v('#a4')).toBe('ok');
    expect(queue).toHaveLength(1);
    slow = false;
    drain();
    expect(target()?.getAttribute('name')).toBe('save');
  });
});
