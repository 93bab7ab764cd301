// The Artifact pass over content streams: what it wraps, what it leaves, and what its lexer must
// not be fooled by (operators inside strings, inline image data, nested marked content).
import { describe, expect, it } from 'vitest';
import { markArtifacts } from '../src/render/pdf-artifacts.js';

const mark = (s: string) => markArtifacts(Buffer.from(s, 'latin1')).toString('latin1');
const A = (s: string) => `/Artifact BMC\n${s}\nEMC`;

describe('markArtifacts', () => {
  it('wraps an unmarked path with its construction, and an unmarked text show with its operands', () => {
    expect(mark('q 1 0 0 RG 0 0 5 5 re f Q')).toBe(`q 1 0 0 RG ${A('0 0 5 5 re f')} Q`);
    expect(mark('BT /F1 9 Tf 1 0 0 1 5 5 Tm [(a) -20 (b)] TJ ET')).toBe(`BT /F1 9 Tf 1 0 0 1 5 5 Tm ${A('[(a) -20 (b)] TJ')} ET`);
    expect(mark('/Im1 Do')).toBe(A('/Im1 Do'));
  });

  it('leaves tagged content and existing Artifacts as they are (the same buffer)', () => {
    const tagged = Buffer.from('/P <</MCID 0>> BDC BT (x) Tj ET EMC /Artifact BMC 0 0 1 1 re f EMC /Figure <</MCID 1 >>BDC /Im1 Do EMC');
    expect(markArtifacts(tagged)).toBe(tagged);
  });

  it('a marked-content sequence without MCID marks nothing: its drawing is wrapped inside it', () => {
    expect(mark('/Span <</Lang (en)>> BDC 0 0 1 1 re S EMC')).toBe(`/Span <</Lang (en)>> BDC ${A('0 0 1 1 re S')} EMC`);
  });

  it('is not fooled by operator names in strings, escaped parentheses, hex strings and comments', () => {
    expect(mark('BT (EMC \\) re f (BDC)) Tj <454d43> Tj ET % 0 0 1 1 re f\n')).toBe(`BT ${A('(EMC \\) re f (BDC)) Tj')} ${A('<454d43> Tj')} ET % 0 0 1 1 re f\n`);
  });

  it('wraps an inline image whole, whatever its data holds', () => {
    expect(mark('q BI /W 2 /H 1 /BPC 8 /CS /G ID \x00EMC\xff EI Q')).toBe(`q ${A('BI /W 2 /H 1 /BPC 8 /CS /G ID \x00EMC\xff EI')} Q`);
  });

  it('finds the end of tagged content past nested sequences, with and without literal strings (two scanning paths)', () => {
    const tagged = '/P <</MCID 0>>BDC BT <0BDC> Tj ET /Span BMC <00> Tj EMC EMC 0 0 1 1 re f';
    expect(mark(tagged)).toBe(`/P <</MCID 0>>BDC BT <0BDC> Tj ET /Span BMC <00> Tj EMC EMC ${A('0 0 1 1 re f')}`);
    const withString = tagged.replace('<00> Tj', '(EMC) Tj');
    expect(mark(withString)).toBe(`/P <</MCID 0>>BDC BT <0BDC> Tj ET /Span BMC (EMC) Tj EMC EMC ${A('0 0 1 1 re f')}`);
  });
});
