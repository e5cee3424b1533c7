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

describe('ValidationScheduler with prepare', () => {
  const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('prepares an edit at once and validates it after the pause', async () => {
    const events: string[] = [];
    const scheduler = new ValidationScheduler(
      (uri) => (events.push(`validate ${uri}`), Promise.resolve()),
      () => undefined,
      40,
      (uri) => (events.push(`prepare ${uri}`), Promise.resolve()),
    );
    scheduler.edited('file:///a.yaml');
    await tick(10);
    assert.deepEqual(events, ['prepare file:///a.yaml']);
    await tick(60);
    assert.deepEqual(events, ['prepare file:///a.yaml', 'validate file:///a.yaml']);
  });

  it('prepares only the last of a burst of changes read together', async () => {
    const prepared: number[] = [];
    let version = 0;
    const scheduler = new ValidationScheduler(
      () => Promise.resolve(),
      () => undefined,
      20,
      () => (prepared.push(version), Promise.resolve()),
    );
    for (version = 1; version <= 3; version++) scheduler.edited('file:///a.yaml');
    version = 3;
    await tick(40);
    assert.deepEqual(prepared, [3]);
  });

  it('never prepares while a validation of the document runs, nor for a change elsewhere (schedule)', async () => {
    const events: string[] = [];
    let finish: () => void = () => undefined;
    const scheduler = new ValidationScheduler(
      () => {
        events.push('validate start');
        return new Promise<void>((resolve) => (finish = () => (events.push('validate end'), resolve())));
      },
      () => undefined,
      5,
      () => (events.push('prepare'), Promise.resolve()),
    );
    scheduler.schedule('file:///a.yaml', 0);
    await tick(20);
    assert.deepEqual(events, ['validate start'], 'schedule: no preparation');
    scheduler.edited('file:///a.yaml');
    await tick(20);
    assert.deepEqual(events, ['validate start']);
    finish();
    await tick(20);
    assert.deepEqual(events.slice(0, 3), ['validate start', 'validate end', 'prepare']);
  });

  it('drops a failed preparation without reporting it; the validation still runs and reports its own failure', async () => {
    const errors: unknown[] = [];
    let validated = 0;
    const scheduler = new ValidationScheduler(
      () => (validated++, Promise.reject(new Error('validation failed'))),
      (_uri, error) => errors.push(error),
      10,
      () => Promise.reject(new Error('preparation failed')),
    );
    scheduler.edited('file:///a.yaml');
    await tick(40);
    assert.equal(validated, 1);
    assert.deepEqual(errors.map(String), ['Error: validation failed']);
  });

  it('cancels a preparation not yet started (the document was closed)', async () => {
    let prepared = 0;
    let validated = 0;
    const scheduler = new ValidationScheduler(
      () => (validated++, Promise.resolve()),
      () => undefined,
      10,
      () => (prepared++, Promise.resolve()),
    );
    scheduler.edited('file:///a.yaml');
    scheduler.cancel('file:///a.yaml');
    await tick(30);
    assert.deepEqual([prepared, validated], [0, 0]);
  });
});
