// Chart PNGs drawn in a worker thread, so that the PPTX (native charts, no
// pictures needed) is written on the main thread at the same time: the build
// uses both cores instead of drawing, then writing.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { ChartSpec, ChartStyle } from './spec.js';

interface Job { items: { spec: ChartSpec; box: { w: number; h: number } }[]; style: ChartStyle; scale: number }

export function renderChartsInWorker(items: Job['items'], style: ChartStyle, scale = 2): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { items, style, scale } satisfies Job });
    worker.once('message', (result: [string, Uint8Array][]) => {
      resolve(new Map(result.map(([id, bytes]) => [id, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)])));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => { if (code !== 0) reject(new Error(`chart worker exited with code ${code}`)); });
  });
}

if (!isMainThread && parentPort && (workerData as Job | undefined)?.items) {
  const job = workerData as Job;
  const { renderChartsPng } = await import('./png.js');
  const pngs = await renderChartsPng(job.items, job.style, job.scale);
  const out = [...pngs.entries()].map(([id, buf]) => [id, new Uint8Array(buf)] as [string, Uint8Array]);
  parentPort.postMessage(out, out.map(([, b]) => b.buffer as ArrayBuffer));
}
