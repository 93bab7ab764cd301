// The HTML against the standards: html-validate's `standard` preset (the HTML Living Standard's
// content models and attributes), and axe-core's WCAG 2.1 A/AA rules run in headless Chromium.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { HtmlValidate, StaticConfigLoader } from 'html-validate';
import { launchBrowser } from '../../src/render/browser.js';

const validator = new HtmlValidate(new StaticConfigLoader({ extends: ['html-validate:standard'] }));

/** html-validate's errors (severity 2) as "line:column rule: message". */
export async function htmlValidateErrors(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((r) => r.messages).filter((m) => m.severity === 2).map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// WCAG 2.1 A and AA, and axe's best practices (empty header cells, landmarks, heading order)
const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** axe-core's WCAG 2.1 AA violations of the HTML files, each as "file: rule (n nodes): help: first target". */
export async function axeViolations(files: string[]): Promise<string[]> {
  const browser = await launchBrowser({ timeoutMs: 60_000 });
  try {
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    // the deck's CSP allows no script: axe is put in past it; the page itself still makes no request
    await page.setBypassCSP(true);
    await page.setRequestInterception(true);
    const out: string[] = [];
    for (const file of files) {
      const own = pathToFileURL(file).href;
      const refused: string[] = [];
      const onRequest = (req: import('puppeteer-core').HTTPRequest) => {
        if (req.url().startsWith('data:') || req.url() === own) void req.continue();
        else { refused.push(req.url()); void req.abort('blockedbyclient'); }
      };
      page.on('request', onRequest);
      await page.goto(own, { waitUntil: 'load' });
      await page.addScriptTag({ content: AXE_SOURCE });
      const violations = await page.evaluate(async (tags: string[]) => {
        const axe = (globalThis as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
        const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return r.violations.map((v) => ({ id: v.id, help: v.help, n: v.nodes.length, target: v.nodes[0]?.target.join(' ') ?? '' }));
      }, WCAG21_AA);
      page.off('request', onRequest);
      for (const v of violations) out.push(`${file}: ${v.id} (${v.n} nodes): ${v.help}: ${v.target}`);
      for (const u of refused) out.push(`${file}: asked for ${u}`);
    }
    return out;
  } finally {
    await browser.close().catch(() => undefined);
  }
}
