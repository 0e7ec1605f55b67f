// Copies the licence of every package that ends up in the bundle (the non-dev packages of the lock file) to
// static/designer/licenses/, so that the served files carry their licences (bpmn-js's requires it).
import { readFileSync, writeFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
const out = '../resources/static/designer/licenses';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const lines = [];
for (const [path, meta] of Object.entries(lock.packages).sort()) {
  if (!path || meta.dev) continue;
  const name = path.replace(/^.*node_modules\//, '');
  const file = readdirSync(path).find(f => /^licen[cs]e/i.test(f));
  lines.push(`${name} ${meta.version} ${meta.license || ''}`.trim());
  if (file) writeFileSync(`${out}/${name.replace('/', '__')}.txt`, readFileSync(`${path}/${file}`));
}
writeFileSync(`${out}/PACKAGES.txt`, lines.join('\n') + '\n');
