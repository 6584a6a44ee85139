// The store packages are reproducible: scripts/zip.mjs gives the same bytes for the same files whatever their
// order on disk or their timestamps, and `npm run package` run twice writes identical zips.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { crc32, listFiles, zipDir, zipEntries } from '../../scripts/zip.mjs';

const FILES: Array<[string, string]> = [
  ['manifest.json', '{"manifest_version":3}\n'],
  ['assets/b.js', 'export const b = 2;\n'.repeat(50)],
  ['assets/a.js', 'export const a = 1;\n'],
  ['icons/x.bin', '\u0000\u0001\u0002'],
  ['popup/ünïcode.html', '<p>é</p>'],
];

function tree(order: Array<[string, string]>, mtime: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyhole-zip-'));
  for (const [name, text] of order) {
    const p = join(dir, name);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, text);
    utimesSync(p, mtime, mtime);
  }
  return dir;
}

/** Read a zip back through its central directory: name → { data, method, time, date, extraLen }. */
function readZip(buf: Buffer) {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const out: Array<{ name: string; data: Buffer; time: number; date: number; extra: number; attrs: number }> = [];
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const nlen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nlen).toString('utf8');
    const lnlen = buf.readUInt16LE(local + 26);
    const lextra = buf.readUInt16LE(local + 28);
    const body = buf.subarray(local + 30 + lnlen + lextra, local + 30 + lnlen + lextra + csize);
    const data = method === 8 ? inflateRawSync(body) : Buffer.from(body);
    expect(crc32(data)).toBe(crc);
    out.push({ name, data, time: buf.readUInt16LE(p + 12), date: buf.readUInt16LE(p + 14), extra: extra + lextra, attrs: buf.readUInt32LE(p + 38) });
    p += 46 + nlen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return out;
}

describe('reproducible zip', () => {
  it('crc32 matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('the same files in another creation order, with other timestamps, give the same bytes', () => {
    const a = tree(FILES, 1_600_000_000);
    const b = tree([...FILES].reverse(), 1_700_000_123);
    expect(listFiles(a)).toEqual(['assets/a.js', 'assets/b.js', 'icons/x.bin', 'manifest.json', 'popup/ünïcode.html']);
    const za = zipDir(a);
    expect(za.equals(zipDir(b))).toBe(true);
    expect(za.equals(zipDir(a))).toBe(true);
  });

  it('a changed byte changes the zip (so the comparison above can fail)', () => {
    const a = tree(FILES, 1_600_000_000);
    const changed = FILES.map(([n, t]) => [n, n === 'assets/a.js' ? t.replace('1', '3') : t] as [string, string]);
    expect(zipDir(a).equals(zipDir(tree(changed, 1_600_000_000)))).toBe(false);
  });

  it('reads back whole: sorted names, the files’ bytes, zip-epoch time, no extra fields, fixed permissions', () => {
    const zip = zipDir(tree(FILES, 1_650_000_000));
    const entries = readZip(zip);
    expect(entries.map((e) => e.name)).toEqual(['assets/a.js', 'assets/b.js', 'icons/x.bin', 'manifest.json', 'popup/ünïcode.html']);
    for (const e of entries) {
      expect(e.data.toString()).toBe(FILES.find(([n]) => n === e.name)![1]);
      expect([e.time, e.date]).toEqual([0, 33]); // 1980-01-01 00:00
      expect(e.extra).toBe(0);
      expect(e.attrs >>> 16).toBe(0o100644);
    }
  });

  it('refuses duplicate and unsafe names', () => {
    expect(() => zipEntries([{ name: 'a', data: Buffer.from('1') }, { name: 'a', data: Buffer.from('2') }])).toThrow(/duplicate/);
    expect(() => zipEntries([{ name: '../evil', data: Buffer.from('1') }])).toThrow(/bad zip entry/);
  });

  const root = resolve(__dirname, '../..');
  const built = existsSync(join(root, 'dist/manifest.json')) && existsSync(join(root, 'dist-firefox/manifest.json'));
  it.skipIf(!built)('npm run package, twice: identical chrome, firefox and source zips (needs `npm run build`)', () => {
    const run = () => {
      execFileSync(process.execPath, [join(root, 'scripts/package.mjs'), '--no-build', '--no-lint'], { cwd: root, stdio: 'ignore' });
      return readFileSync(join(root, 'dist-packages/SHA256SUMS'), 'utf8');
    };
    const first = run();
    expect(first).toMatch(/keyhole-[\d.]+-chrome\.zip/);
    expect(first).toMatch(/keyhole-[\d.]+-firefox\.zip/);
    expect(first).toMatch(/keyhole-[\d.]+-source\.zip/);
    expect(run()).toBe(first);
  }, 60_000);
});
