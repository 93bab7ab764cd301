// An error the render worker meets reaches the build whole: its exit code and
// every diagnostic it carries (postMessage keeps only plain data, and the
// worker used to send the message alone, dropping the diagnostics).
import { describe, expect, it } from 'vitest';
import { IrdeckError, inputError, type Diagnostic } from '../src/errors.js';
import { errorFromReply, errorReplyOf } from '../src/pipeline/render-worker.js';

const diag = (line: number): Diagnostic => ({ file: 'templates/deck.yaml', line, column: 3, path: `slides[${line}]`, rule: 'render/test', message: `problem ${line}`, severity: 'error' });

/** As the message crosses threads: the structured clone postMessage makes. */
const across = (err: unknown) => errorFromReply(structuredClone(errorReplyOf(err)));

describe('render worker errors', () => {
  it('an input error keeps exit 2 and all of its diagnostics', () => {
    const back = across(inputError([diag(4), diag(9)], 'two problems'));
    expect(back).toBeInstanceOf(IrdeckError);
    expect((back as IrdeckError).exitCode).toBe(2);
    expect((back as IrdeckError).diagnostics).toEqual([diag(4), diag(9)]);
    expect(back.message).toBe('two problems');
  });

  it("irdeck's own error keeps exit 1; any other error stays a plain one (the build calls it internal)", () => {
    const own = across(new IrdeckError('no picture of chart "x"'));
    expect((own as IrdeckError).exitCode).toBe(1);
    const other = across(new TypeError('x is undefined'));
    expect(other).not.toBeInstanceOf(IrdeckError);
    expect(other.message).toBe('x is undefined');
  });
});
