// Prints raw, gzip and brotli sizes of every .wasm and .js file under a folder.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const root = process.argv[2] || 'dist';
const rows = [];
(function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(file);
    else if (/\.(wasm|js|mjs)$/.test(entry.name)) {
      const bytes = fs.readFileSync(file);
      rows.push({
        file: path.relative(root, file),
        raw: bytes.length,
        gzip: zlib.gzipSync(bytes, { level: 9 }).length,
        brotli: zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      });
    }
  }
})(root);
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + ' KB';
console.log(`asset sizes under ${root}/ (raw, gzip -9, brotli -11):`);
for (const r of rows.sort((a, b) => a.file.localeCompare(b.file))) {
  console.log(`  ${r.file.padEnd(48)} ${kb(r.raw)} ${kb(r.gzip)} ${kb(r.brotli)}`);
}
