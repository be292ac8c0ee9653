/**
 * Our main-thread time on a page, from a Chromium trace: the renderer's top-level tasks (RunTask)
 * and the V8 CPU profiler's samples on the same clock. A task is ours when a sample inside it has our
 * content script on its stack; its whole duration counts (the DOM calls, serialization and garbage
 * collection our code caused in it). Content scripts do not show up as FunctionCall events in a
 * page's trace, hence the samples (one every ~0.2 ms: a task of ours shorter than that can be missed).
 */
import type { CDPSession } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  id?: string;
  args?: {
    data?: {
      url?: string;
      startTime?: number;
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { url?: string; functionName: string; lineNumber?: number; columnNumber?: number };
}

const CATEGORIES = ['devtools.timeline', 'toplevel', 'disabled-by-default-v8.cpu_profiler'].join(',');

export class Tracer {
  private events: TraceEvent[] = [];
  private readonly cdp: CDPSession;
  constructor(cdp: CDPSession) {
    this.cdp = cdp;
    cdp.on('Tracing.dataCollected', (e) => this.events.push(...(e.value as unknown as TraceEvent[])));
  }

  async start(): Promise<void> {
    this.events = [];
    await this.cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  }

  async stop(): Promise<TraceEvent[]> {
    const done = new Promise((resolve) => this.cdp.once('Tracing.tracingComplete', resolve));
    await this.cdp.send('Tracing.end');
    await done;
    return this.events;
  }
}

export interface MainThreadTime {
  /** Sum of the tasks our script ran in, ms. */
  totalMs: number;
  longestMs: number;
  /** The garbage collector's pauses inside the longest task (the renderer's whole heap, the page's
   * DOM included, not only what we allocated). */
  longestGcMs: number;
  /** The longest task once the garbage collector's pauses inside each are taken out. */
  longestOwnMs: number;
  tasks: number;
  /** Evaluating the content script (its first task). */
  evaluateMs: number;
}

interface Analysis {
  /** Our tasks on the main thread, in time order. */
  tasks: TraceEvent[];
  /** The garbage collector's pauses on that thread, disjoint, in time order. */
  gcs: TraceEvent[];
  evaluateTask: TraceEvent | undefined;
  /** Every profiler sample on that thread: time, node, and the interval it stands for. */
  samples: { t: number; node: number; us: number }[];
  nodes: Map<number, ProfileNode>;
}

/**
 * Finds the renderer main thread that ran `scriptUrl` (the thread whose profile has our script in it:
 * the content script may have been evaluated before the trace began) and our tasks on it.
 */
function analyse(events: TraceEvent[], scriptUrl: string): Analysis | null {
  const ofProfile = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.id === undefined) continue;
    ofProfile.set(e.id, [...(ofProfile.get(e.id) ?? []), e]);
  }
  const profile = events.find(
    (e) =>
      e.name === 'Profile' &&
      e.id !== undefined &&
      (ofProfile.get(e.id) ?? []).some((c) =>
        c.args?.data?.cpuProfile?.nodes?.some((n) => n.callFrame.url?.includes(scriptUrl)),
      ),
  );
  if (!profile?.id) return null;
  const { pid, tid } = profile;
  const onMain = (e: TraceEvent) => e.pid === pid && e.tid === tid;
  const chunks = ofProfile.get(profile.id) ?? [];
  // Profile nodes arrive in chunks; a node is ours if it or an ancestor runs our script.
  const nodes = new Map<number, ProfileNode>();
  for (const chunk of chunks)
    for (const node of chunk.args?.data?.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
  const ours = new Map<number, boolean>();
  const isOurs = (id: number): boolean => {
    const known = ours.get(id);
    if (known !== undefined) return known;
    const node = nodes.get(id);
    const result =
      !!node &&
      (!!node.callFrame.url?.includes(scriptUrl) || (node.parent !== undefined && isOurs(node.parent)));
    ours.set(id, result);
    return result;
  };
  const samples: Analysis['samples'] = [];
  let t = profile.args?.data?.startTime ?? profile.ts;
  for (const chunk of chunks) {
    const ids = chunk.args?.data?.cpuProfile?.samples ?? [];
    const deltas = chunk.args?.data?.timeDeltas ?? [];
    ids.forEach((node, i) => {
      t += deltas[i] ?? 0;
      samples.push({ t, node, us: deltas[i + 1] ?? deltas[i] ?? 0 });
    });
  }
  samples.sort((a, b) => a.t - b.t);
  const ourTimes = samples.filter((x) => isOurs(x.node)).map((x) => x.t);
  const evaluate = events.find(
    (e) => e.name === 'EvaluateScript' && onMain(e) && e.args?.data?.url?.includes(scriptUrl),
  );
  const holds = (task: TraceEvent, ts: number) => task.ts <= ts && ts < task.ts + (task.dur ?? 0);
  const all = events
    .filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && onMain(e))
    .sort((a, b) => a.ts - b.ts);
  const tasks: TraceEvent[] = [];
  let s = 0;
  for (const task of all) {
    while (s < ourTimes.length && (ourTimes[s] as number) < task.ts) s++;
    const sampled = s < ourTimes.length && holds(task, ourTimes[s] as number);
    if (sampled || (evaluate && holds(task, evaluate.ts))) tasks.push(task);
  }
  const evaluateTask = evaluate && all.find((task) => holds(task, evaluate.ts));
  // Collections, and the incremental marking steps V8 runs between them, as disjoint intervals.
  const gcs: TraceEvent[] = [];
  for (const e of events
    .filter((e) => e.ph === 'X' && onMain(e) && /^(MajorGC|MinorGC|V8\.GC_MC_INCREMENTAL)/.test(e.name))
    .sort((a, b) => a.ts - b.ts)) {
    const last = gcs[gcs.length - 1];
    if (last && e.ts < last.ts + (last.dur ?? 0))
      last.dur = Math.max(last.dur ?? 0, e.ts + (e.dur ?? 0) - last.ts);
    else gcs.push({ ...e });
  }
  return { tasks, gcs, evaluateTask, samples, nodes };
}

/** Our time on the main thread of the renderer that ran `scriptUrl`. */
export function mainThreadTime(events: TraceEvent[], scriptUrl: string): MainThreadTime | null {
  const a = analyse(events, scriptUrl);
  if (!a) return null;
  const durations = a.tasks.map((task) => (task.dur ?? 0) / 1000);
  const gcIn = (task: TraceEvent) =>
    a.gcs
      .filter((gc) => gc.ts >= task.ts && gc.ts < task.ts + (task.dur ?? 0))
      .reduce((n, gc) => n + (gc.dur ?? 0), 0) / 1000;
  const longest = durations.indexOf(Math.max(...durations));
  return {
    totalMs: durations.reduce((x, y) => x + y, 0),
    longestMs: Math.max(0, ...durations),
    longestGcMs: longest < 0 ? 0 : gcIn(a.tasks[longest] as TraceEvent),
    longestOwnMs: Math.max(0, ...a.tasks.map((task, i) => (durations[i] as number) - gcIn(task))),
    tasks: durations.length,
    evaluateMs: (a.evaluateTask?.dur ?? 0) / 1000,
  };
}

/**
 * Profiler time inside our tasks by leaf function (name @ line:column, or a V8 state like GC); with
 * `longestOnly`, inside the longest of them alone.
 */
export function selfTimes(events: TraceEvent[], scriptUrl: string, longestOnly = false): Map<string, number> {
  const out = new Map<string, number>();
  const a = analyse(events, scriptUrl);
  if (!a) return out;
  const longest = a.tasks.reduce<TraceEvent | undefined>(
    (best, task) => (!best || (task.dur ?? 0) > (best.dur ?? 0) ? task : best),
    undefined,
  );
  let k = 0;
  for (const task of longestOnly && longest ? [longest] : a.tasks) {
    const end = task.ts + (task.dur ?? 0);
    while (k < a.samples.length && (a.samples[k]?.t as number) < task.ts) k++;
    for (let j = k; j < a.samples.length && (a.samples[j]?.t as number) < end; j++) {
      const sample = a.samples[j] as Analysis['samples'][number];
      const frame = a.nodes.get(sample.node)?.callFrame;
      const where = frame?.url
        ? ` @${frame.url.split('/').pop()}:${frame.lineNumber}:${frame.columnNumber}`
        : '';
      const key = `${frame?.functionName || '(anonymous)'}${where}`;
      out.set(key, (out.get(key) ?? 0) + sample.us / 1000);
    }
  }
  return out;
}
