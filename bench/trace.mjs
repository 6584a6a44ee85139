// Attribution from a Chromium performance trace: which main-thread time was Keyhole's own.
//
// The trace (puppeteer page.tracing, category devtools.timeline plus its disabled-by-default variant) has, on each
// renderer's main thread (CrRendererMain), one `RunTask` event per task, and nested in it `FunctionCall`,
// `EvaluateScript`, `v8.compile`, `v8.compileModule`, `EvaluateModule` … events that carry the URL of the script
// whose code runs. Keyhole's time is the sum of the outermost such events whose URL starts with
// chrome-extension://<id>/ (its content script: loader, entry, guide; DOM work, style and layout that its code
// forces are nested in them and count too). The page's main-thread time is the sum of its main thread's RunTask
// events. A task counts as "Keyhole's" when Keyhole's code ran in it; its Keyhole time is what that code took.
const SCRIPT_EVENTS = new Set(['FunctionCall', 'EvaluateScript', 'v8.compile', 'v8.compileModule', 'EvaluateModule', 'v8.evaluateModule', 'v8.produceModuleCache', 'v8.run']);

const urlOf = (e) => e.args?.data?.url ?? e.args?.data?.stackTrace?.[0]?.url ?? e.args?.fileName ?? e.args?.data?.fileName ?? '';

/** The renderer main threads in the trace whose frames show `pageUrlPrefix` (pid:tid keys). */
function mainThreads(events, pageHost) {
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name);
  const pids = new Set();
  for (const e of events) {
    const frames = e.args?.data?.frames ?? (e.args?.data?.frame ? [e.args.data] : []);
    for (const f of frames) if (typeof f.url === 'string' && f.url.includes(pageHost) && f.processId) pids.add(f.processId);
  }
  const keys = [...names].filter(([k, n]) => n === 'CrRendererMain' && (pids.size === 0 || pids.has(Number(k.split(':')[0])))).map(([k]) => k);
  return new Set(keys);
}

/**
 * Sum Keyhole's time and the page's main-thread time in [fromUs, toUs) (trace microseconds; whole trace when
 * omitted). Returns ms figures and per-task Keyhole times.
 */
export function attribute(trace, { extensionId, pageHost, fromUs = -Infinity, toUs = Infinity }) {
  const events = trace.traceEvents ?? trace;
  const threads = mainThreads(events, pageHost);
  const prefix = `chrome-extension://${extensionId}/`;
  const byThread = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || typeof e.dur !== 'number') continue;
    const key = `${e.pid}:${e.tid}`;
    if (!threads.has(key)) continue;
    if (e.ts < fromUs || e.ts >= toUs) continue;
    (byThread.get(key) ?? byThread.set(key, []).get(key)).push(e);
  }
  let pageUs = 0;
  let keyholeUs = 0;
  let layoutUs = 0; // style and layout forced by Keyhole's code (nested in its events): the page's own layout, done early
  const tasks = []; // { ts, taskMs, keyholeMs }
  const urls = new Map();
  const kinds = new Map(); // Keyhole's time by outermost event name (EvaluateScript = parse, compile and first run)
  for (const evs of byThread.values()) {
    evs.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    let task = null;
    let openEnd = -1; // end of the outermost Keyhole script event being counted
    for (const e of evs) {
      if (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') {
        if (!task || e.ts >= task.ts + task.dur) {
          if (task && task.kh > 0) tasks.push({ ts: task.ts, taskMs: task.dur / 1000, keyholeMs: task.kh / 1000 });
          task = { ts: e.ts, dur: e.dur, kh: 0 };
          pageUs += e.dur;
        }
        continue;
      }
      if ((e.name === 'Layout' || e.name === 'UpdateLayoutTree') && e.ts < openEnd) {
        layoutUs += e.dur;
        continue;
      }
      if (!SCRIPT_EVENTS.has(e.name)) continue;
      const url = urlOf(e);
      if (!url.startsWith(prefix)) continue;
      if (e.ts < openEnd) continue; // nested in a Keyhole event already counted
      openEnd = e.ts + e.dur;
      keyholeUs += e.dur;
      const file = url.slice(prefix.length);
      urls.set(file, (urls.get(file) ?? 0) + e.dur);
      kinds.set(e.name, (kinds.get(e.name) ?? 0) + e.dur);
      if (task && e.ts < task.ts + task.dur) task.kh += e.dur;
      else tasks.push({ ts: e.ts, taskMs: e.dur / 1000, keyholeMs: e.dur / 1000 }); // outside any RunTask seen
    }
    if (task && task.kh > 0) tasks.push({ ts: task.ts, taskMs: task.dur / 1000, keyholeMs: task.kh / 1000 });
  }
  return {
    threads: threads.size,
    pageMs: pageUs / 1000,
    keyholeMs: keyholeUs / 1000,
    keyholeForcedLayoutMs: layoutUs / 1000,
    tasks,
    longestKeyholeMs: tasks.reduce((m, t) => Math.max(m, t.keyholeMs), 0),
    longestTaskWithKeyholeMs: tasks.reduce((m, t) => Math.max(m, t.taskMs), 0),
    byFile: Object.fromEntries([...urls].map(([f, us]) => [f, Math.round(us) / 1000])),
    byEvent: Object.fromEntries([...kinds].map(([f, us]) => [f, Math.round(us) / 1000])),
  };
}

/** A `console.timeStamp(label)` on a main thread, in trace microseconds (first one). */
export function stampUs(trace, label) {
  const events = trace.traceEvents ?? trace;
  const e = events.find((x) => x.name === 'TimeStamp' && (x.args?.data?.message === label || x.args?.data?.name === label));
  return e ? e.ts : null;
}

// Not 'v8' (its GC and interrupt events alone multiply the trace's size and overhead).
export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'toplevel'];

/** Run `fn` with a trace recording; returns the parsed trace. */
export async function traced(page, fn) {
  await page.tracing.start({ categories: TRACE_CATEGORIES });
  try {
    await fn();
  } finally {
    var buf = await page.tracing.stop();
  }
  return JSON.parse(Buffer.from(buf).toString('utf8'));
}
