// A permission pass that has used its share of a task by the time its verdicts are written finishes in the next task
// (content-scripts/agent.ts, PASS_SPLIT_MS): the plan, the card and the snapshot. Until then Save is not offered
// where a box now needs fixing. A fake clock decides what "a slow pass" is; a fake scheduler runs the next task.
import { afterEach, describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { salesforcePlaybook, SAVE_READY_EDIT_PAGE } from './agent-page.ts';
import { Agent } from '../../content-scripts/agent.ts';
import { stepsForUrl } from '../../src/core/resolver.ts';
import type { ContentMessage } from '../../src/messages.ts';
import { publishedCatalogs } from './published-catalogs.ts';

const URL_ = 'https://acme.my.salesforce.com/00e5g000001AbCd/e';

let win: Window | null = null;
let agent: Agent | null = null;
afterEach(() => {
  agent?.stop();
  win?.close();
});

describe('a slow permission pass finishes in the next task', () => {
  it('verdicts at once; the plan and the card next; Save withdrawn in between when a box now needs fixing', () => {
    win = new Window({ url: URL_ });
    win.document.body.innerHTML = SAVE_READY_EDIT_PAGE;
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

    // The page's script ticks Edit Accounts (a write); the next pass is slow.
    const edit = '[title="Edit Accounts"]';
    (doc.querySelector(edit) as HTMLInputElement).checked = true;
    slow = true;
    a.evaluate();
    expect(v(edit)).toBe('forbidden'); // written in this task
    expect(target()).toBeNull(); // Save is not offered meanwhile
    expect(queue).toHaveLength(1); // the plan and the card: the next task
    slow = false;
    drain();
    expect(target()?.getAttribute('title')).toBe('Edit Accounts');
    expect(doc.querySelectorAll('[data-keyhole-target]')).toHaveLength(1);

    // Unticked again, slow: the verdict at once, Save once the plan has run (no problem, so nothing withdrawn).
    (doc.querySelector(edit) as HTMLInputElement).checked = false;
    slow = true;
    a.evaluate();
    expect(v(edit)).toBe('ok');
    expect(queue).toHaveLength(1);
    slow = false;
    drain();
    expect(target()?.getAttribute('name')).toBe('save');
  });
});
