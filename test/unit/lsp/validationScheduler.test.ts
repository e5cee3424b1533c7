/** The server's validation runs (lsp/validationScheduler.ts): a failure is handed on to be logged, and the next run still happens. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationScheduler } from '../../../server/src/lsp/validationScheduler';

describe('ValidationScheduler', () => {
  it('hands a failed validation to onError, then runs the next one', async () => {
    const errors: [string, unknown][] = [];
    const ran: number[] = [];
    let calls = 0;
    let done: () => void = () => undefined;
    const second = new Promise<void>((resolve) => (done = resolve));
    const scheduler = new ValidationScheduler(
      (uri) => {
        calls++;
        ran.push(calls);
        if (calls === 1) return Promise.reject(new Error(`broken on ${uri}`));
        done();
        return Promise.resolve();
      },
      (uri, error) => errors.push([uri, error]),
      1,
    );
    scheduler.schedule('file:///a.yaml');
    await new Promise((resolve) => setTimeout(resolve, 20));
    scheduler.schedule('file:///a.yaml');
    await second;
    assert.deepEqual(ran, [1, 2]);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]![0], 'file:///a.yaml');
    assert.match(String(errors[0]![1]), /broken on file:\/\/\/a\.yaml/);
  });
});
