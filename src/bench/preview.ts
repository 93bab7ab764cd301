// Preview rebuild latency: from writing the data file to the reload event.
import { request } from 'node:http';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPreview } from '../preview/server.js';

export async function benchPreview(sample: string): Promise<{ name: string; runs: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'irdeck-bench-preview-'));
  const file = join(dir, 'deck.yaml');
  cpSync(sample, file);
  const text = readFileSync(file, 'utf8');
  const preview = await startPreview(file, { port: 0 });
  const waiters: (() => void)[] = [];
  await new Promise<void>((ok) => {
    request({ host: '127.0.0.1', port: preview.port, path: `/events?v=${preview.rebuilds()}` }, (res) => {
      res.on('data', (d: Buffer) => { if (d.toString().includes('event: reload')) waiters.shift()?.(); });
      ok();
    }).end();
  });
  const runs: number[] = [];
  for (let i = 0; i < 8; i++) {
    const t0 = performance.now();
    const seen = new Promise<void>((ok) => waiters.push(ok));
    writeFileSync(file, text.replace('title: IIJ to Open New Nerima Data Center', `title: IIJ to Open New Nerima Data Center ${i}`));
    await seen;
    if (i > 0) runs.push(performance.now() - t0); // the first edit warms the caches
  }
  await preview.close();
  return { name: 'preview: data edit to reload event', runs };
}
