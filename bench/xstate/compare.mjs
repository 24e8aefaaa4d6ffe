// confsim (Rust core compiled to wasm, node target) vs XState v5 on the same ConferenceSession
// event stream, in one node process. Prints events per second for each, the ratio, and how often
// both machines end an episode in the same state. `./bench/xstate/run.sh` builds and runs it.
import { createMachine, createActor, assign } from 'xstate';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const { Stream } = require('./pkg/confsim_node.js');

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

// ---- the stream: seeded (mulberry32), episodes of EPISODE events from a fresh machine ------------
const NAMES = ['BeginJoin', 'BeginJoinFederated', 'Advance', 'JoinResponse', 'JoinFailed', 'FocusFailover', 'DialogRecovery',
  'ReconnectSucceeded', 'ReconnectFailed', 'RouteHealed', 'BeginTerminate', 'LeaderAdmits', 'LeaderDenies', 'LeaderEjects'];
function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const EVENTS = Number(process.env.EVENTS ?? 200_000);
const EPISODE = 40;
const RUNS = Number(process.env.RUNS ?? 7);
const random = mulberry32(42);
const names = Array.from({ length: EVENTS }, (_, i) => (i % EPISODE === 0 ? 'BeginJoin' : NAMES[Math.floor(random() * NAMES.length)]));
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

const stream = new Stream(names, EPISODE);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function measure(run) {
  run(); // warm-up
  const rates = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    run();
    rates.push(EVENTS / ((performance.now() - t0) / 1000));
  }
  return median(rates);
}

const xstateFinals = runXState();
const confsimFinals = stream.finals().split(',');
const agree = xstateFinals.filter((s, i) => s === confsimFinals[i]).length;
const xstate = measure(runXState);
const confsim = measure(() => stream.run());
const fmt = (n) => `${(n / 1e6).toFixed(2)} M events/s`;
console.log(`stream: ${EVENTS} events, ${episodes.length} episodes of ${EPISODE} from a fresh machine, seed 42; median of ${RUNS} runs`);
console.log(`XState ${require('xstate/package.json').version}: ${fmt(xstate)}`);
console.log(`confsim (wasm, node ${process.version}): ${fmt(confsim)}`);
console.log(`ratio confsim / XState: ${(confsim / xstate).toFixed(1)}×`);
console.log(`episodes ending in the same session state: ${agree} of ${episodes.length}`);
