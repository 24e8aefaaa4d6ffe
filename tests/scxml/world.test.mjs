// The executable SCXML export against the core: every library scenario and seeded random event
// streams run through SCION (the pinned @scion-scxml/scxml, on a virtual clock) and through the
// core (`confsim run`), event by event and timer by timer, comparing the state of every machine
// (session, both McuSessions, the AV call, the conference) after each trace line.
//
// The document is made for each stream's configuration: `confsim export --format scxml --machine
// world --config-from FILE`. What the document cannot express is delivered from the core's trace,
// and only that (see WORLD_LIMITS in src/core/export.rs): the timers no row starts (D-grace,
// D-empty, command-response, route-repair) are delivered as events when the core fires them, and
// the placement fact (admitted / lobbied) is taken from the core's answer to the join. Every
// timer the document sends itself must fire in SCION's clock at the time and in the order the
// core fires it, and no other.
//
// Run: node --test tests/scxml/ (after `cargo build`; CONFSIM names the binary).

import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const scxml = require('@scion-scxml/scxml');
const BIN = process.env.CONFSIM || join(process.env.CARGO_TARGET_DIR || join(ROOT, 'target'), 'debug', 'confsim');

/** Timers the document never sends: the environment delivers them when the core fires them. */
const DELIVERED = new Set(['D-grace', 'D-empty', 'command-response', 'D-inactivity']);
/** Of those, the ones the document sends on its rows but the core also restarts outside them (as
 * the roster changes): SCION's own are dropped and the core's delivered. */
const RESTARTED = new Set(['D-inactivity']);
/** The conference commands: answered by command-response after the signaling latency. */
const COMMANDS = new Set(['BeginEject', 'BeginLockConference', 'BeginUnlockConference', 'BeginAdmitLobbyParticipants', 'BeginDenyLobbyParticipants', 'BeginModifyConferenceConfiguration', 'BeginEstablishMcuCall']);
const MACHINES = {
  Session: (s) => s.session,
  AudioVideo: (s) => s.mcu.AudioVideo,
  InstantMessaging: (s) => s.mcu.InstantMessaging,
  Call: (s) => s.calls.AudioVideo,
  Conference: (s) => s.conference,
};

function confsim(args) {
  const out = spawnSync(BIN, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (out.error) throw out.error;
  return out;
}

function trace(file) {
  const out = confsim(['run', file]);
  assert.ok(out.status === 0 || out.status === 1, `confsim run ${file}: ${out.stderr}`);
  return out.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

function worldDocument(file) {
  const out = confsim(['export', '--format', 'scxml', '--machine', 'world', '--config-from', file]);
  assert.equal(out.status, 0, out.stderr);
  return out.stdout;
}

function prepare(doc) {
  return new Promise((resolve, reject) => {
    scxml.documentStringToModel('world.scxml', doc, (err, model) => {
      if (err) return reject(err);
      model.prepare((err2, fn) => (err2 ? reject(err2) : resolve(fn)));
    });
  });
}

/** SCION on a virtual clock: delayed sends go to a queue ordered by (due, start order). */
class Sim {
  constructor(fn) {
    this.now = 0;
    this.seq = 0;
    this.queue = [];
    const sim = this;
    this.sc = new scxml.core.Statechart(fn, {
      customSend(event, options) {
        if (RESTARTED.has(event.name)) return;
        sim.queue.push({ due: sim.now + (options.delay || 0), seq: sim.seq++, name: event.name, sendid: event.sendid });
      },
      customCancel(sendid) {
        sim.queue = sim.queue.filter((t) => t.sendid !== sendid);
      },
    });
    this.sc.start();
  }
  head() {
    return this.queue.reduce((a, t) => (!a || t.due < a.due || (t.due === a.due && t.seq < a.seq) ? t : a), null);
  }
  gen(name, data = {}) {
    this.sc.gen({ name, data: { ...data, now: this.now } });
  }
  states() {
    const conf = this.sc.getConfiguration();
    const out = {};
    for (const region of Object.keys(MACHINES)) {
      const s = conf.find((id) => id.startsWith(region + '.'));
      out[region] = s ? s.slice(region.length + 1) : null;
    }
    return out;
  }
}

/** Seconds of a duration as the scenario format writes it (enough for the streams below). */
function millis(d) {
  if (typeof d === 'number') return Math.round(d * 1000);
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(d);
  if (!m) throw new Error(`duration ${d}`);
  const [w, dd, h, mi, s] = m.slice(1).map((x) => Number(x || 0));
  return Math.round(((((w * 7 + dd) * 24 + h) * 60 + mi) * 60 + s) * 1000);
}

/**
 * Runs one scenario through both and compares after every trace line. Returns { lines, agreed,
 * machines: {region: agreeing lines}, divergence } where divergence is the first disagreement (the
 * stream is not followed past it: what follows it would compare different worlds).
 */
async function compare(file) {
  const scenario = JSON.parse(readFileSync(file, 'utf8'));
  const lines = trace(file);
  const sim = new Sim(await prepare(worldDocument(file)));
  const result = { lines: lines.length, agreed: 0, machines: Object.fromEntries(Object.keys(MACHINES).map((k) => [k, 0])), divergence: null };
  let prev = { session: 'Idle', local: { role: null } };
  // The commands pending in the core (a timer's payload): which one a command-response answers.
  let pending = [];
  let seq = 0;
  const latency = millis(scenario.config?.signaling_latency ?? 'PT1S');
  const track = (line, answered) => {
    for (const f of line.failed || []) {
      if (f.operation === answered) { answered = null; continue; }
      const k = pending.findIndex((p) => p.kind === f.operation);
      if (k >= 0) pending.splice(k, 1);
    }
  };
  const check = (line, what) => {
    const ours = sim.states();
    const diffs = [];
    for (const [region, get] of Object.entries(MACHINES)) {
      if (ours[region] === get(line.state)) result.machines[region] += 1;
      else diffs.push(`${region}: scxml ${ours[region]}, core ${get(line.state)}`);
    }
    if (diffs.length) {
      result.divergence = `step ${line.step} (${what}, t=${line.t}s): ${diffs.join('; ')}`;
      return false;
    }
    result.agreed += 1;
    prev = line.state;
    return true;
  };
  const placement = (line) => {
    // The oracle fact: where the Focus placed the local endpoint (the core's answer).
    const p = line.state.session === 'InLobby' ? 'lobby' : line.state.session === 'Connected' ? 'enter' : 'refused';
    if (prev.session === 'Connecting') sim.gen('fact', { placement: p });
  };
  const byStep = new Map();
  for (const l of lines) {
    if (!byStep.has(l.step)) byStep.set(l.step, []);
    byStep.get(l.step).push(l);
  }
  for (const [i, step] of scenario.steps.entries()) {
    if (!step.event) continue;
    const own = byStep.get(i) || [];
    if (step.event === 'Advance') {
      const until = sim.now + millis(step.by);
      for (const line of own.slice(0, -1)) {
        const name = line.event.timer;
        const at = Math.round(line.t * 1000);
        const head = sim.head();
        if (head && (head.due < at || (head.due === at && !DELIVERED.has(name) && head.name !== name))) {
          result.divergence = `step ${i}: SCION fires ${head.name} at ${head.due} ms, the core ${name} at ${at} ms`;
          return result;
        }
        sim.now = at;
        if (name === 'join-response') placement(line);
        if (name === 'command-response') {
          pending.sort((a, b) => a.due - b.due || a.seq - b.seq);
          const answered = pending.shift();
          sim.gen(name, { command: answered ? answered.kind : null });
          track(line, answered?.kind);
        } else if (DELIVERED.has(name)) {
          sim.gen(name);
          track(line);
        } else {
          if (!head || head.name !== name || head.due !== at) {
            result.divergence = `step ${i}: the core fires ${name} at ${at} ms, SCION ${head ? `${head.name} at ${head.due} ms` : 'nothing'}`;
            return result;
          }
          sim.queue = sim.queue.filter((t) => t !== head);
          sim.sc.gen({ name, data: { now: at } });
          track(line);
        }
        if (!check(line, `timer ${name}`)) return result;
      }
      const head = sim.head();
      if (head && head.due <= until) {
        result.divergence = `step ${i}: SCION fires ${head.name} at ${head.due} ms, the core fires nothing more up to ${until} ms`;
        return result;
      }
      sim.now = until;
      if (own.length && !check(own[own.length - 1], 'Advance')) return result;
    } else {
      if (own.length !== 1) throw new Error(`step ${i}: ${own.length} trace lines`);
      const { event, ...fields } = step;
      if (fields.lobby_timeout !== undefined) fields.lobby_timeout = millis(fields.lobby_timeout);
      if (event === 'JoinResponse') placement(own[0]);
      // The other fact the document cannot derive: whether the local endpoint is a leader.
      if (event === 'BeginTerminateConference') sim.gen('fact', { leader: prev.local?.role === 'Leader' });
      sim.gen(event, fields);
      if (COMMANDS.has(event) && !own[0].error) pending.push({ kind: event, due: sim.now + latency, seq: seq++ });
      track(own[0]);
      if (!check(own[0], event)) return result;
    }
  }
  return result;
}

// Seeded random streams from the scenario format's events.
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomScenario(seed) {
  const r = mulberry32(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const people = ['ann', 'bob', 'pstn1', 'fed1'];
  const config = {
    access_level: pick(['Everyone', 'SameEnterprise', 'Invited', 'Locked']),
    mcus: pick([['AudioVideo', 'InstantMessaging'], ['AudioVideo'], ['InstantMessaging'], []]),
    reconnect: { latency: pick(['PT5S', 'PT2S']), succeeds: r() < 0.7 },
    hop: { repair_succeeds: r() < 0.3, update_interval: 'PT30S' },
    app_recovery_timeout: pick([null, 'PT1M']),
    meeting: pick(['OneTime', 'AdHoc', 'RecurringNoEnd']),
    variants: { V1: r() < 0.3, V2: r() < 0.3, V3: r() < 0.3, V4: r() < 0.3 },
  };
  const events = [
    () => ({ event: 'BeginJoin', mode: pick(['Default', 'TrustedParticipant']), identity: pick(['Enterprise', 'Federated', 'Anonymous']), organizer: r() < 0.3, lobby_timeout: pick(['PT15M', 'PT1M']) }),
    () => ({ event: 'BeginEscalate' }),
    () => ({ event: 'BeginTerminate' }),
    () => ({ event: 'BeginTerminateConference' }),
    () => ({ event: 'BeginEject', participant: pick(people) }),
    () => ({ event: pick(['BeginLockConference', 'BeginUnlockConference']) }),
    () => ({ event: pick(['BeginAdmitLobbyParticipants', 'BeginDenyLobbyParticipants']), participants: [pick(people)] }),
    () => ({ event: 'BeginModifyConferenceConfiguration', access_level: pick(['Everyone', 'SameEnterprise', 'Locked']) }),
    () => ({ event: 'BeginEstablishMcuCall', modality: 'AudioVideo' }),
    () => ({ event: pick(['JoinResponse', 'JoinFailed', 'EscalationFailed']) }),
    () => ({ event: pick(['FocusFailover', 'DialogRecovery', 'ReconnectSucceeded', 'ReconnectFailed']) }),
    () => ({ event: pick(['McuFailover', 'McuActivated']), modality: pick(['AudioVideo', 'InstantMessaging']) }),
    () => ({ event: pick(['HopFailure', 'RouteRepairFailed', 'RouteHealed']) }),
    () => ({ event: pick(['LeaderAdmits', 'LeaderDenies', 'LeaderEjects']) }),
    () => ({ event: pick(['PresenterEndsMeeting', 'MeetingDeleted', 'OrganizerDeleted']) }),
    () => ({ event: 'ParticipantJoins', participant: pick(people), kind: pick(['Enterprise', 'Federated', 'Anonymous', 'Pstn', 'Trusted']), leader: r() < 0.3 }),
    () => ({ event: 'ParticipantLeaves', participant: pick(people) }),
    () => ({ event: 'Advance', by: pick(['PT1S', 'PT3S', 'PT10S', 'PT1M', 'PT20M', 'PT2H', 'P1D']) }),
  ];
  const steps = [];
  const n = 5 + Math.floor(r() * 80);
  // Every other stream starts connected (or in the lobby) and draws recovery, MCU and lobby
  // events more often, so the rows after Connected are reached, not only the ways out of Idle.
  const connected = seed % 2 === 0;
  if (connected) {
    steps.push({ event: 'ParticipantJoins', participant: 'bob', kind: 'Enterprise', leader: r() < 0.5 });
    steps.push(r() < 0.2 ? { event: 'BeginEscalate' } : events[0]());
    steps.push({ event: 'Advance', by: 'PT1S' });
  }
  const recovery = [events[8], events[9], events[10], events[10], events[10], events[11], events[11], events[12], events[12], events[13]];
  const short = () => ({ event: 'Advance', by: pick(['PT1S', 'PT2S', 'PT5S', 'PT10S', 'PT30S']) });
  for (let k = 0; k < n; k += 1) {
    // Joins and time are drawn more often, so streams get past Idle.
    const e = connected
      ? r() < 0.45 ? pick(recovery)() : r() < 0.4 ? short() : r() < 0.1 ? events[0]() : pick(events)()
      : r() < 0.25 ? events[0]() : r() < 0.3 ? events[events.length - 1]() : pick(events)();
    steps.push(e);
  }
  return { name: `random ${seed}`, config, steps };
}

const STREAMS = Number(process.env.SCXML_STREAMS || 300);

function summary(results) {
  const lines = results.reduce((a, r) => a + r.lines, 0);
  const agreed = results.reduce((a, r) => a + r.agreed, 0);
  const streams = results.filter((r) => !r.divergence).length;
  return { streams, of: results.length, lines, agreed };
}

test('every library scenario: SCION and the core agree on every machine after every line', async () => {
  const dir = join(ROOT, 'scenarios');
  const results = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const r = await compare(join(dir, f));
    results.push({ file: f, ...r });
  }
  const s = summary(results);
  console.log(`library: ${s.streams}/${s.of} scenarios agree throughout; ${s.agreed}/${s.lines} trace lines compared and agreeing`);
  for (const r of results.filter((r) => r.divergence)) console.log(`  ${r.file}: ${r.divergence}`);
  assert.deepEqual(results.filter((r) => r.divergence).map((r) => `${r.file}: ${r.divergence}`), []);
});

test(`${STREAMS} seeded random streams: SCION and the core agree`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'confsim-scxml-'));
  const results = [];
  for (let seed = 1; seed <= STREAMS; seed += 1) {
    const file = join(dir, `random-${seed}.json`);
    writeFileSync(file, JSON.stringify(randomScenario(seed)));
    results.push({ seed, ...(await compare(file)) });
  }
  const s = summary(results);
  console.log(`random: ${s.streams}/${s.of} streams agree throughout; ${s.agreed}/${s.lines} trace lines compared and agreeing`);
  const bad = results.filter((r) => r.divergence);
  for (const r of bad) console.log(`  seed ${r.seed}: ${r.divergence}`);
  assert.deepEqual(bad.map((r) => `seed ${r.seed}: ${r.divergence}`), []);
});
