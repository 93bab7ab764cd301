// A build killed while its staging folder is being removed, after publishing:
// the new set must stay. Before the journal was removed first (the commit
// point), the next build "restored" the previous files it still found and
// deleted the new ones whose previous copies were already gone: half a set.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StagedSet, cleanLeftovers } from '../src/util/publish.js';

describe('publishing a set', () => {
  it('a publish finished but its staging folder half removed keeps the new set', async () => {
    const out = mkdtempSync(join(tmpdir(), 'irdeck-commit-'));
    for (const n of ['a.pdf', 'a.pptx']) writeFileSync(join(out, n), `old ${n}`);
    const set = new StagedSet(out);
    for (const n of ['a.pdf', 'a.pptx']) set.write(n, `new ${n}`);
    // what a kill inside discard() leaves: keep the staging folder, drop one previous copy
    const keep = `${set.dir}-kept`;
    set.discard = () => { renameSync(set.dir, keep); renameSync(keep, set.dir); rmSync(join(set.dir, '.old', 'a.pdf')); };
    await set.publish();
    expect(existsSync(set.dir)).toBe(true);
    // the next build, as if the killed one's process were gone: its folder belongs to a dead pid
    const dead = join(out, '.irdeck-stage-999999-1-dead');
    renameSync(set.dir, dead);
    cleanLeftovers(out);
    expect(readdirSync(out).sort()).toEqual(['a.pdf', 'a.pptx']);
    for (const n of ['a.pdf', 'a.pptx']) expect(readFileSync(join(out, n), 'utf8')).toBe(`new ${n}`);
  });

  it('a publish cut short before its commit point puts the previous set back', () => {
    const out = mkdtempSync(join(tmpdir(), 'irdeck-commit-'));
    for (const n of ['a.pdf', 'a.pptx']) writeFileSync(join(out, n), `old ${n}`);
    const set = new StagedSet(out);
    for (const n of ['a.pdf', 'a.pptx']) set.write(n, `new ${n}`);
    // the journal and the first file published, then the kill
    const dead = join(out, '.irdeck-stage-999999-1-dead');
    writeFileSync(join(set.dir, 'publishing.json'), JSON.stringify({ names: ['a.pdf', 'a.pptx'] }));
    renameSync(set.dir, dead);
    renameSync(join(out, 'a.pdf'), join(dead, 'a.pdf.tmp'));
    // previous copy aside, new one in, as publish() does
    mkdirSync(join(dead, '.old'));
    renameSync(join(dead, 'a.pdf.tmp'), join(dead, '.old', 'a.pdf'));
    renameSync(join(dead, 'a.pdf'), join(out, 'a.pdf'));
    cleanLeftovers(out);
    expect(readdirSync(out).sort()).toEqual(['a.pdf', 'a.pptx']);
    for (const n of ['a.pdf', 'a.pptx']) expect(readFileSync(join(out, n), 'utf8')).toBe(`old ${n}`);
  });
});
