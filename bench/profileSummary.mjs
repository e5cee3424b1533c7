// Summarises a .cpuprofile: self time and total (inclusive) time by function, top N.
// node bench/profileSummary.mjs FILE [N] [FROM_MS]: samples from FROM_MS after the profile's start only
import { readFileSync } from 'node:fs';
const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const top = Number(process.argv[3] ?? 30);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map();
const dt = profile.timeDeltas;
const from = Number(process.argv[4] ?? 0) * 1000;
let at = 0;
for (let i = 0; i < profile.samples.length; i++) {
  at += dt[i] ?? 0;
  if (at >= from) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));
}
const name = (n) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
const selfBy = new Map();
const totalBy = new Map();
for (const [id, t] of self) {
  const n = byId.get(id);
  selfBy.set(name(n), (selfBy.get(name(n)) ?? 0) + t);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = name(byId.get(cur));
    if (seen.has(k)) continue;
    seen.add(k);
    totalBy.set(k, (totalBy.get(k) ?? 0) + t);
  }
}
const all = [...self.values()].reduce((a, b) => a + b, 0);
const show = (m, title) => {
  console.log(`${title} (of ${(all / 1000).toFixed(0)} ms)`);
  for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(t / 1000).toFixed(0).padStart(8)} ms  ${k}`);
};
show(selfBy, 'self');
show(totalBy, 'total');
