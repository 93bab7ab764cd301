// `irdeck preview`: serve the deck on 127.0.0.1 and rebuild it on every change.
import { EXIT_INPUT, EXIT_OK, IrdeckError } from '../errors.js';
import { startPreview } from '../preview/server.js';
import type { Io, Parsed } from './io.js';

export async function runPreview({ values, positionals }: Parsed, io: Io): Promise<number> {
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new IrdeckError(`--port takes a port number, got "${values.port}"`, { exitCode: EXIT_INPUT });
  const preview = await startPreview(positionals[0], { port, templatesDir: values.templates as string | undefined, log: (s) => io.err(s) });
  io.out(`irdeck preview of ${positionals[0]} on ${preview.url} (loopback only; Ctrl-C stops)`);
  await new Promise<void>((done) => {
    const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); done(); };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await preview.close();
  return EXIT_OK;
}
