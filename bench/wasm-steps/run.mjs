// The engine's steps in wasm, in Node's V8, without a browser (README, Benchmarks):
//   node bench/wasm-steps/run.mjs [--profile] FILE... [--until METRIC_ID] [--reps N] [--chunk BYTES]
// builds src/main.rs for wasm32-wasip1 (adding the target through rustup when missing), runs
// it under Node's WASI and prints each step's milliseconds; `--profile` also records a V8 CPU
// profile and prints the functions with the most self time, by their Rust names.
// Node 20's V8 can abort while marking during a big `memory.grow` (a V8 bug, not ours):
// the wasm runs with incremental marking off.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WASM = path.join(HERE, 'target/wasm32-wasip1/release/jornada-wasm-steps.wasm');

if (process.argv[2] === '--child') {
  const { WASI } = await import('node:wasi');
  const [wasm, ...args] = process.argv.slice(3);
  const wasi = new WASI({ version: 'preview1', args: ['wasm-steps', ...args], preopens: { '/': '/' } });
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(readFileSync(wasm)), wasi.getImportObject());
  process.exitCode = wasi.start(instance);
} else {
  const run = (cmd, args, opts = {}) => {
    const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
    if (r.status !== 0) process.exit(r.status ?? 1);
  };
  const installed = spawnSync('rustup', ['target', 'list', '--installed'], { encoding: 'utf8' }).stdout ?? '';
  if (!installed.split('\n').includes('wasm32-wasip1')) run('rustup', ['target', 'add', 'wasm32-wasip1']);
  run('cargo', ['build', '--quiet', '--release', '--target', 'wasm32-wasip1', '--manifest-path', path.join(HERE, 'Cargo.toml')]);
  const profile = process.argv.includes('--profile');
  // Files by absolute path: the WASI root is `/`.
  const args = process.argv.slice(2).filter((a) => a !== '--profile').map((a) => (existsSync(a) ? path.resolve(a) : a));
  const dir = profile ? mkdtempSync(path.join(tmpdir(), 'wasm-steps-')) : null;
  const flags = ['--no-warnings', '--no-incremental-marking', ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [])];
  run(process.execPath, [...flags, fileURLToPath(import.meta.url), '--child', WASM, ...args]);
  if (profile) top(path.join(dir, readdirSync(dir)[0]), 25);
}

/** The functions with the most self time in a .cpuprofile. */
function top(file, n) {
  const p = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((x) => [x.id, x.callFrame.functionName || '(anonymous)']));
  const self = new Map();
  p.samples.forEach((id, i) => {
    const name = byId.get(id);
    self.set(name, (self.get(name) ?? 0) + p.timeDeltas[i]);
  });
  const total = p.timeDeltas.reduce((a, b) => a + b, 0);
  console.log(`\nself time, of ${(total / 1000).toFixed(0)} ms profiled (profiling slows the run):`);
  for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${demangle(name).slice(0, 120)}`);
  }
}

/** A Rust legacy-mangled name (`_ZN...17h<hash>E`) as a path; others as they are. */
function demangle(s) {
  if (!s.startsWith('_ZN')) return s;
  const parts = [];
  let i = 3;
  while (i < s.length && s[i] !== 'E') {
    const len = /^\d+/.exec(s.slice(i));
    if (!len) return s;
    i += len[0].length;
    parts.push(s.slice(i, i + Number(len[0])));
    i += Number(len[0]);
  }
  if (/^h[0-9a-f]{16}$/.test(parts.at(-1) ?? '')) parts.pop();
  const escapes = { '$LT$': '<', '$GT$': '>', '$u20$': ' ', '$C$': ',', '$u7b$': '{', '$u7d$': '}', '$RF$': '&', '$BP$': '*', '$u27$': "'", '$u5b$': '[', '$u5d$': ']', '$u3b$': ';', '$u2b$': '+' };
  return parts.map((p) => (p.startsWith('_$') ? p.slice(1) : p)).join('::').replace(/\$[A-Za-z0-9]+\$/g, (e) => escapes[e] ?? e).replace(/\.\./g, '::');
}
