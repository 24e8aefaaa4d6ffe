// Four engines on the same ConferenceSession event stream, in one node process: XState v5's actor,
// a hand-written JavaScript `switch`, the confsim core (Rust compiled to wasm, node target) and the
// floor (a bare Rust `match (state, event)` over the same machine, `bench/floor.rs`, in the same
// wasm module). Prints events per second for each (medians of RUNS runs, round robin), the ratios,
// and how many episodes each ends in the same state as confsim — and exits 1 if any differs.
// `./bench/xstate/run.sh` builds and runs it.
import { createMachine, createActor, assign } from 'xstate';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const { Stream, sessionStream } = require('./pkg/confsim_node.js');

// ---- the ConferenceSession machine (T1–T14) in XState, on the same events ----------------------
// Context: whether the join waits in the lobby (a federated identity under the default
// SameEnterprise access level), where a reconnection returns, whether it is R-hop, whether the
// endpoint was removed while Reconnecting (the reconnection then fails, T8), and whether the
// Conversation was terminated (it cannot join again).
const removed = { guard: ({ context }) => context.removed, target: 'Disconnecting' };
const back = [removed, { guard: ({ context }) => context.fromLobby, target: 'InLobby' }, { target: 'Connected' }];
const canJoin = ({ context }) => !context.terminated;
const machine = createMachine({
  id: 'ConferenceSession',
  initial: 'Idle',
  context: { lobby: false, fromLobby: false, hop: false, removed: false, terminated: false },
  states: {
    Idle: { on: {
      BeginJoin: { guard: canJoin, target: 'Connecting', actions: assign({ lobby: false }) },       // T1
      BeginJoinFederated: { guard: canJoin, target: 'Connecting', actions: assign({ lobby: true }) }, // T1
      BeginTerminate: { actions: assign({ terminated: true }) },
    } },
    Connecting: { on: {
      JoinResponse: [{ guard: ({ context }) => context.lobby, target: 'InLobby' }, { target: 'Connected' }], // T10 / T2
      Advance: [{ guard: ({ context }) => context.lobby, target: 'InLobby' }, { target: 'Connected' }],      // T10 / T2
      JoinFailed: 'Idle', BeginTerminate: { target: 'Idle', actions: assign({ terminated: true }) }, // T9
    } },
    Connected: { on: {
      FocusFailover: { target: 'Reconnecting', actions: assign({ fromLobby: false, hop: false, removed: false }) }, // T6
      DialogRecovery: { target: 'Reconnecting', actions: assign({ fromLobby: false, hop: true, removed: false }) }, // T6
      BeginTerminate: 'Disconnecting', LeaderEjects: 'Disconnecting',                               // T3
    } },
    InLobby: { on: {
      FocusFailover: { target: 'Reconnecting', actions: assign({ fromLobby: true, hop: false, removed: false }) }, // T11
      DialogRecovery: { target: 'Reconnecting', actions: assign({ fromLobby: true, hop: true, removed: false }) }, // T11
      LeaderAdmits: 'Connected',                                                                    // T13
      LeaderDenies: 'Disconnecting', LeaderEjects: 'Disconnecting', BeginTerminate: 'Disconnecting', // T14
    } },
    Reconnecting: { on: {
      ReconnectSucceeded: [{ guard: ({ context }) => context.hop, target: 'Reconnecting' }, ...back], // T7 / T12
      RouteHealed: [{ guard: ({ context }) => !context.hop, target: 'Reconnecting' }, ...back],      // T7 / T12
      Advance: [{ guard: ({ context }) => context.hop, target: 'Reconnecting' }, ...back],           // T7 / T12
      ReconnectFailed: [{ guard: ({ context }) => context.hop, target: 'Reconnecting' }, { target: 'Disconnecting' }], // T8
      BeginTerminate: 'Disconnecting',                                                              // T8
      LeaderEjects: { actions: assign({ removed: true }) },
      LeaderDenies: { guard: ({ context }) => context.fromLobby, actions: assign({ removed: true }) },
    } },
    Disconnecting: { on: { Advance: 'Disconnected' } },                                             // T4
    Disconnected: {},
  },
});

// ---- the same machine as a hand-written JavaScript switch (same context flags, same guards) ------
function backTo(m) {
  return m.removed ? 'Disconnecting' : m.fromLobby ? 'InLobby' : 'Connected';
}
function reconnect(m, fromLobby, hop) {
  m.state = 'Reconnecting'; m.fromLobby = fromLobby; m.hop = hop; m.removed = false;
}
function send(m, event) {
  switch (m.state) {
    case 'Idle':
      switch (event.type) {
        case 'BeginJoin': if (!m.terminated) { m.state = 'Connecting'; m.lobby = false; } break;           // T1
        case 'BeginJoinFederated': if (!m.terminated) { m.state = 'Connecting'; m.lobby = true; } break;   // T1
        case 'BeginTerminate': m.terminated = true; break;
      }
      break;
    case 'Connecting':
      switch (event.type) {
        case 'JoinResponse': case 'Advance': m.state = m.lobby ? 'InLobby' : 'Connected'; break;          // T10 / T2
        case 'JoinFailed': m.state = 'Idle'; break;                                                        // T9
        case 'BeginTerminate': m.state = 'Idle'; m.terminated = true; break;                               // T9
      }
      break;
    case 'Connected':
      switch (event.type) {
        case 'FocusFailover': reconnect(m, false, false); break;                                           // T6
        case 'DialogRecovery': reconnect(m, false, true); break;                                           // T6
        case 'BeginTerminate': case 'LeaderEjects': m.state = 'Disconnecting'; break;                      // T3
      }
      break;
    case 'InLobby':
      switch (event.type) {
        case 'FocusFailover': reconnect(m, true, false); break;                                            // T11
        case 'DialogRecovery': reconnect(m, true, true); break;                                            // T11
        case 'LeaderAdmits': m.state = 'Connected'; break;                                                 // T13
        case 'LeaderDenies': case 'LeaderEjects': case 'BeginTerminate': m.state = 'Disconnecting'; break; // T14
      }
      break;
    case 'Reconnecting':
      switch (event.type) {
        case 'ReconnectSucceeded': case 'Advance': if (!m.hop) m.state = backTo(m); break;                   // T7 / T12
        case 'RouteHealed': if (m.hop) m.state = backTo(m); break;                                           // T7 / T12
        case 'ReconnectFailed': if (!m.hop) m.state = 'Disconnecting'; break;                              // T8
        case 'BeginTerminate': m.state = 'Disconnecting'; break;                                           // T8
        case 'LeaderEjects': m.removed = true; break;
        case 'LeaderDenies': if (m.fromLobby) m.removed = true; break;
      }
      break;
    case 'Disconnecting':
      if (event.type === 'Advance') m.state = 'Disconnected';                                              // T4
      break;
  }
}

// ---- the stream: seeded (mulberry32, written once in bench/floor.rs), episodes of EPISODE events,
// each from a fresh machine ----------------------------------------------------------------------
const EVENTS = Number(process.env.EVENTS ?? 200_000);
const EPISODE = 40;
const RUNS = Math.max(5, Number(process.env.RUNS ?? 7));
const names = sessionStream(42, EVENTS, EPISODE);
const episodes = [];
for (let i = 0; i < names.length; i += EPISODE) episodes.push(names.slice(i, i + EPISODE).map((type) => ({ type })));

function runXState() {
  const finals = [];
  for (const episode of episodes) {
    const actor = createActor(machine).start();
    for (const e of episode) actor.send(e);
    finals.push(actor.getSnapshot().value);
    actor.stop();
  }
  return finals;
}

function runSwitch() {
  const finals = [];
  for (const episode of episodes) {
    const m = { state: 'Idle', lobby: false, fromLobby: false, hop: false, removed: false, terminated: false };
    for (const e of episode) send(m, e);
    finals.push(m.state);
  }
  return finals;
}

const stream = new Stream(names, EPISODE);

// ---- same final states -------------------------------------------------------------------------
const confsimFinals = stream.finals().split(',');
const finals = { 'XState': runXState(), 'JS switch': runSwitch(), 'floor': stream.floorFinals().split(',') };
let disagree = false;
const agreement = Object.entries(finals).map(([engine, xs]) => {
  const same = xs.filter((s, i) => s === confsimFinals[i]).length;
  if (same !== episodes.length || xs.length !== confsimFinals.length) disagree = true;
  return `${engine} ${same} of ${episodes.length}`;
});

// ---- timing: round robin, RUNS timed samples each; a sample repeats a fast engine's whole stream
// until it lasts about 0.2 s -------------------------------------------------------------------
const engines = [
  { name: `XState ${require('xstate/package.json').version} (actor)`, run: runXState },
  { name: 'JS switch (hand-written)', run: runSwitch },
  { name: 'confsim core (wasm, `World::step_tags`)', run: () => stream.run() },
  { name: 'floor (wasm, bare `match`)', run: () => stream.runFloor() },
];
let sink = 0; // every run's result is used
const use = (result) => { sink ^= typeof result === 'number' ? result : result.length; };
for (const engine of engines) {
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < 300 || n < 2) { use(engine.run()); n++; } // warm-up, and how long one run takes
  engine.reps = Math.max(1, Math.ceil(200 / ((performance.now() - t0) / n)));
  engine.rates = [];
}
for (let r = 0; r < RUNS; r++) {
  for (const engine of engines) {
    const t0 = performance.now();
    for (let i = 0; i < engine.reps; i++) use(engine.run());
    engine.rates.push((EVENTS * engine.reps) / ((performance.now() - t0) / 1000));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const engine of engines) engine.median = median(engine.rates);
const [xstate, jsSwitch, confsim, floor] = engines.map((e) => e.median);

const mega = (n) => `${(n / 1e6).toFixed(2)} M`;
const x = (n) => `${n.toFixed(1)}×`;
console.log(`stream: ${EVENTS} events, ${episodes.length} episodes of ${EPISODE} from a fresh machine, seed 42; node ${process.version} (sink ${sink})`);
console.log(`episodes ending in the same session state as confsim: ${agreement.join(', ')}`);
console.log('');
console.log(`| engine | events/s, median of ${RUNS} | runs (M events/s) |`);
console.log('|---|---|---|');
for (const e of engines) console.log(`| ${e.name} | ${mega(e.median)} | ${e.rates.map((r) => (r / 1e6).toFixed(2)).join(' ')} |`);
console.log('');
console.log('| ratio | figure | goal |');
console.log('|---|---|---|');
console.log(`| confsim / XState | ${x(confsim / xstate)} | ≥ 50× |`);
console.log(`| confsim / JS switch | ${x(confsim / jsSwitch)} | ≥ 2× |`);
console.log(`| floor / confsim | ${x(floor / confsim)} | |`);
if (disagree) {
  console.error('FAIL: an engine ended an episode in a different state from confsim');
  process.exit(1);
}
