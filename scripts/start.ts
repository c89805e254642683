/**
 * `npm start`: the whole product locally. Starts storage (Azurite in memory unless AzureWebJobsStorage names a
 * real account), a local Event Grid receiver and SMTP catcher, and the dev host that dispatches the app's own
 * functions on http://localhost:7071 (HTTP routes, the timer, the collector blob trigger, the run queue). Then
 * seeds the credit-default demo (past days of collector traffic with drift midway, the monitor, one run per
 * past day), prints what happened and keeps serving until Ctrl-C.
 *
 *   npm start                       the above
 *   npm start -- --no-demo          only the stack
 *   npm start -- --exit             seed, print, stop (a smoke test of the whole stack)
 *   npm start -- --port 7072 --days 4 --rows-per-hour 20
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BREACH_PHRASE } from '../src/core/events/run-events.js';
import type { RunRecord } from '../src/core/runs/records.js';
import { seedCreditDemo, type DemoReport } from './dev-host/demo.js';
import type { ReceivedEvent } from './dev-host/event-receiver.js';
import type { Invocation } from './dev-host/host.js';
import { REPO, startLocalStack, type LocalStack } from './dev-host/local-stack.js';
import type { CaughtMail } from './dev-host/mail-catcher.js';
import { progress } from './dev-host/progress.js';

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

function positiveInt(name: string, v: string | undefined, fallback: number | undefined): number | undefined {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, not "${v}"`);
  return n;
}

function runLine(r: RunRecord): string {
  const breached = Object.entries(r.signals)
    .filter(([, s]) => s.breached)
    .map(([name]) => name);
  const errors = r.errors.length > 0 ? `; errors: ${r.errors.join('; ')}` : '';
  return (
    `  ${r.scheduledTime.slice(0, 16).replace('T', ' ')}  ${r.status.padEnd(9)} ` +
    (breached.length > 0 ? `breached: ${breached.join(', ')}` : 'no breach') +
    `  (event ${r.event.state}${r.event.lastError ? `: ${r.event.lastError}` : ''}, email ${r.email.state})${errors}`
  );
}

function eventLine(e: ReceivedEvent): string {
  const tags = e.data.runTags ?? {};
  const breach = tags.azureml_modelmonitor_threshold_breached;
  // The tag holds Azure's message per breached signal; show which signals, not the whole text.
  const signals = (breach ?? '')
    .split('\n')
    .filter((l) => l.startsWith('Signal: '))
    .map((l) => l.slice(8));
  return (
    `  Event Grid ← ${e.eventType} ${e.data.runId ?? ''} ${e.data.runStatus ?? ''}` +
    (breach === undefined
      ? ''
      : `\n      azureml_modelmonitor_threshold_breached: "…${BREACH_PHRASE}…" for ${signals.join(', ')}`)
  );
}

function mailLine(m: CaughtMail): string {
  return `  SMTP ← to ${m.to.join(', ')}: "${m.subject}"${m.file === undefined ? '' : ` (${m.file})`}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      days: { type: 'string' },
      'rows-per-hour': { type: 'string' },
      'no-demo': { type: 'boolean', default: false },
      exit: { type: 'boolean', default: false },
    },
  });
  const port = positiveInt('port', values.port, 7071);
  const days = positiveInt('days', values.days, undefined);
  const rowsPerHour = positiveInt('rows-per-hour', values['rows-per-hour'], undefined);
  const started = performance.now();
  let live = false;
  const workDir = path.join(REPO, '.devhost');
  mkdirSync(workDir, { recursive: true });
  const logFile = path.join(workDir, 'host.log');
  writeFileSync(logFile, '');
  // Function logs always go to the log file; after the seeding they are printed as they come, too.
  const log = (line: string): void => {
    appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
    if (live) out(line);
  };
  const events: ReceivedEvent[] = [];
  const mails: CaughtMail[] = [];
  out('Starting the local stack…');
  const stack: LocalStack = await startLocalStack({
    ...(port === undefined ? {} : { port }),
    workDir,
    log,
    onInvocation: (i: Invocation) => {
      if (live)
        out(
          `[${new Date().toISOString()}] ${i.functionName} (${i.detail}) ${i.ok ? 'succeeded' : 'FAILED'} in ${i.durationMs.toFixed(0)} ms`,
        );
    },
    onEvent: (e) => {
      events.push(e);
      if (live) out(eventLine(e));
    },
    onMail: (m) => {
      mails.push(m);
      if (live) out(mailLine(m));
    },
  });
  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    out('\nStopping…');
    await stack.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  out(
    `  storage: ${stack.storage === 'azurite' ? 'Azurite in memory (gone when this stops)' : 'AzureWebJobsStorage as configured'}`,
  );
  if (stack.storage === 'azurite') out(`  AzureWebJobsStorage=${stack.settings.AzureWebJobsStorage ?? ''}`);
  if (stack.events) out(`  Event Grid topic: local receiver at ${stack.events.endpoint}`);
  if (stack.mail) out(`  SMTP: local catcher at ${stack.mail.url}, mail saved under ${stack.workDir}/mail`);
  out(`  functions (${stack.host.functions.length}):`);
  for (const f of stack.host.functions) out(`    ${f.name.padEnd(24)} ${f.detail}`);

  let report: DemoReport | undefined;
  if (!values['no-demo']) {
    out('\nSeeding the credit-default demo…');
    const bar = progress(process.stdout);
    report = await seedCreditDemo(stack, {
      ...(days === undefined ? {} : { days }),
      ...(rowsPerHour === undefined ? {} : { rowsPerHour }),
      progress: bar.update,
      phaseDone: bar.finish,
    });
    await stack.host.idle();
    out(
      `\nRuns of ${report.monitor} (daily at 03:15 UTC; traffic drifts from ${report.driftStart ?? 'never'}):`,
    );
    for (const r of report.runs) out(runLine(r));
    out(`\nEvents received by the local Event Grid receiver (${events.length}):`);
    for (const e of events) out(eventLine(e));
    out(`\nAlert mail caught by the local SMTP server (${mails.length}):`);
    for (const m of mails) out(mailLine(m));
    const first = mails[0];
    if (first) {
      const lines = first.text.trim().split(/\r?\n/);
      out(`\n  The first one (text part${lines.length > 24 ? ', first 24 lines' : ''}):`);
      for (const l of lines.slice(0, 24)) out(`  │ ${l}`);
    }
    if (report.ingestFailures.length > 0) {
      out('\nBlobs the trigger could not ingest:');
      for (const f of report.ingestFailures) out(`  ${f}`);
    }
  }
  out(`\nDashboard: ${stack.url}/${report ? `#/monitors/${report.monitor}` : ''}`);
  out(`API:       ${stack.url}/api/monitors`);
  out(`Ready in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  if (values.exit) {
    await stop(report && report.ingestFailures.length > 0 ? 1 : 0);
    return;
  }
  out(
    'Serving; new collector blobs are ingested, the timer ticks on its schedule. Ctrl-C stops everything.\n',
  );
  out(`Function logs: ${logFile}`);
  live = true;
}

main().catch((err: unknown) => {
  process.stderr.write(`npm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
