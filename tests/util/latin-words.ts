// English left in the Japanese edition: the Latin words of a Japanese deck's
// text that are neither the deck's own Latin words in Japanese (the footer's
// "Copyright", the contact's TEL/FAX/URL/E-mail, 調整後EBITDA, the 2Q of
// 09/3期 2Q, the section numerals II-4.) nor a word the data file gives its
// Japanese readers: a Latin word of a text's `ja` (a service name, 「IIJ SMF
// sxサービス」), or of a name the data writes once for every language (the
// company's, its group companies', its contact's address and mail).
import yaml from 'js-yaml';

/** Latin words in Japanese as the deck writes them itself (ja.deck.yaml, ja.yaml). */
export const DECK_LATIN = ['Copyright', 'TEL', 'FAX', 'URL', 'E', 'mail', 'EBITDA', 'Q', 'I', 'II', 'III'];

/** The Latin words of a text: runs of letters ("IX2005-Z" is IX and Z). */
export const latinWords = (text: string): string[] => text.match(/[A-Za-z]+/g) ?? [];

/** The Latin words the data file gives its Japanese readers. */
export function dataLatin(dataText: string): Set<string> {
  const data = yaml.load(dataText) as Record<string, unknown>;
  const texts: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const ja = (x as Record<string, unknown>).ja;
      if (typeof ja === 'string') texts.push(ja);
      Object.values(x).forEach(walk);
    }
  };
  walk(data);
  // names the data writes once for every language (a {en, ja} map's Japanese is read above)
  const plain = (x: unknown) => { if (typeof x === 'string') texts.push(x); };
  const company = data.company as { name: unknown; short_name: unknown; ir_contact: Record<string, unknown> };
  [company.name, company.short_name, ...Object.values(company.ir_contact)].forEach(plain);
  for (const g of (data.group_companies ?? []) as { name?: unknown }[]) plain(g.name);
  return new Set(texts.flatMap(latinWords));
}

/** The text of an HTML deck a reader meets: the page's text and its alt texts and labels (a chart's title, series and figures), no style or script. */
export function htmlText(html: string): string {
  const body = html.replace(/<style>[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/g, '').replace(/src="data:[^"]*"/g, '');
  const attrs = [...body.matchAll(/\s(?:alt|aria-label|title)="([^"]*)"/g)].map((m) => m[1]);
  return [body.replace(/<[^>]+>/g, ' '), ...attrs].join('\n').replace(/&[a-z]+;|&#\d+;/g, ' ');
}

/** The Latin words of `text` that no list allows, with how often each occurs. */
export function strayLatin(text: string, allowed: Set<string>): Map<string, number> {
  const stray = new Map<string, number>();
  for (const w of latinWords(text)) if (!allowed.has(w) && !DECK_LATIN.includes(w)) stray.set(w, (stray.get(w) ?? 0) + 1);
  return stray;
}
