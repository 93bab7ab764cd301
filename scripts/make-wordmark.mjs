// Draws assets/sample/wordmark.png from the short name in wordmark.svg's text:
// the sample deck's plain wordmark (type only, no real trademark), at 3x the
// SVG's 240 x 80 so it stays sharp in the 1.5 x 0.5 inch logo box.
// Run once by hand: node scripts/make-wordmark.mjs
import { writeFileSync } from 'node:fs';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';

GlobalFonts.loadFontsFromDir('/usr/share/fonts/truetype/liberation');
const scale = 3;
const canvas = createCanvas(240 * scale, 80 * scale);
const ctx = canvas.getContext('2d');
ctx.fillStyle = '#FFFFFF';
ctx.fillRect(0, 0, canvas.width, canvas.height);
ctx.scale(scale, scale);
ctx.fillStyle = '#1F3864';
ctx.font = 'bold 40px "Liberation Sans"';
ctx.textAlign = 'center';
ctx.fillText('IIJ', 120, 54);
writeFileSync(new URL('../assets/sample/wordmark.png', import.meta.url), canvas.toBuffer('image/png'));
