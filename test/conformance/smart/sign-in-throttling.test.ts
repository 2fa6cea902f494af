import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app';
import { tokenAuthentication } from '../../../src/api/auth/token-authentication';
import { parseConfig } from '../../../src/config';
import { recordingLogger } from '../../../src/lib/logger';
import { authorizeQuery, Browser, createTrainer, flowFields, pkcePair, registerApp, type RegisteredApp, type Trainer } from './app-launch-fixture';
import { ADMIN_TOKEN, createPractice, createSmartTestApp, PUBLIC_URL, type SmartTestApp } from './smart-fixture';

/**
 * Sign-in throttling: failures per account and per address slow further attempts, then refuse
 * them for a while; unknown accounts are treated exactly like known ones. The clock is the
 * suite's own, moved by hand.
 */

let t: SmartTestApp;
let app: RegisteredApp;
let practiceId: string;

beforeAll(async () => {
  t = await createSmartTestApp();
  practiceId = (await createPractice(t, 'Throttled Practice')).id;
  app = await registerApp(t, practiceId);
});
afterAll(() => t.close());

let addressCounter = 0;
const freshAddress = () => `203.0.113.${++addressCounter}`;

/** Opens the sign-in page and submits it; returns the status, the page's message and Retry-After. */
async function signIn(browser: Browser, email: string, password: string) {
  const { challenge } = await pkcePair();
  const page = await browser.request(`/oauth/authorize?${authorizeQuery({ clientId: app.clientId, challenge })}`);
  const answer = await browser.postForm('/oauth/authorize/sign-in', { ...flowFields(await page.text()), email, password });
  const html = await answer.text();
  return { status: answer.status, message: /role="alert">([^<]*)</.exec(html)?.[1], retryAfter: answer.headers.get('retry-after') };
}

describe('sign-in throttling', () => {
  it('answers a wrong password and an unknown account identically, failures and throttling alike', async () => {
    const trainer = await createTrainer(t, practiceId);
    const known = new Browser(t, freshAddress());
    const unknown = new Browser(t, freshAddress());
    const knownAnswers = [];
    const unknownAnswers = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      knownAnswers.push(await signIn(known, trainer.email, 'wrong password!!'));
      unknownAnswers.push(await signIn(unknown, `nobody-${addressCounter}@movewell.example`, 'wrong password!!'));
    }

    expect(knownAnswers).toEqual(unknownAnswers);
    expect(knownAnswers[0]).toEqual({ status: 401, message: 'The email or password is not right.', retryAfter: null });
    expect(knownAnswers[3]).toMatchObject({ status: 429, retryAfter: '1' });
  });

  it('slows an account after three failures, then lets it try again once the delay has passed', async () => {
    const trainer = await createTrainer(t, practiceId);
    const browser = new Browser(t, freshAddress());
    for (let attempt = 0; attempt < 3; attempt++) expect((await signIn(browser, trainer.email, 'wrong password!!')).status).toBe(401);

    const tooSoon = await signIn(browser, trainer.email, trainer.password);
    t.clock.advance(1_000);
    const later = await signIn(browser, trainer.email, trainer.password);

    expect(tooSoon).toEqual({ status: 429, message: 'Too many failed sign-ins. Try again in 1 second.', retryAfter: '1' });
    expect(later.status).toBe(200);
  });

  it('refuses an account for 15 minutes after ten failures, even with the right password', async () => {
    const trainer: Trainer = await createTrainer(t, practiceId);
    const browser = new Browser(t, freshAddress());
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await signIn(browser, trainer.email, 'wrong password!!')).status).toBe(401);
      t.clock.advance(60_000);
    }
    t.clock.advance(-60_000);

    const locked = await signIn(new Browser(t, freshAddress()), trainer.email, trainer.password);
    t.clock.advance(15 * 60_000);
    const unlocked = await signIn(new Browser(t, freshAddress()), trainer.email, trainer.password);

    expect(locked).toMatchObject({ status: 429, message: 'Too many failed sign-ins. Try again in 15 minutes.', retryAfter: '900' });
    expect(unlocked.status).toBe(200);
  });

  it('slows one address that guesses many accounts, and not the others', async () => {
    const trainer = await createTrainer(t, practiceId);
    const guesser = new Browser(t, freshAddress());
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await signIn(guesser, `guess-${attempt}@movewell.example`, 'wrong password!!')).status).toBe(401);
    }

    expect((await signIn(guesser, trainer.email, trainer.password)).status).toBe(429);
    expect((await signIn(new Browser(t, freshAddress()), trainer.email, trainer.password)).status).toBe(200);
  });

  it('keeps its counters in the database: another process refuses the same account', async () => {
    const trainer = await createTrainer(t, practiceId);
    const browser = new Browser(t, freshAddress());
    for (let attempt = 0; attempt < 3; attempt++) await signIn(browser, trainer.email, 'wrong password!!');
    const config = parseConfig({ ADMIN_TOKEN, PUBLIC_URL });
    const database = { forRequest: () => t.db };
    const otherProcess = createApp({ config, clock: t.clock, logger: recordingLogger(), database, ...tokenAuthentication({ config, clock: t.clock, database }) });

    const elsewhere = await signIn(new Browser({ ...t, app: otherProcess }, freshAddress()), trainer.email, trainer.password);

    expect(elsewhere.status).toBe(429);
  });

  it('starts an account over after a successful sign-in', async () => {
    const trainer = await createTrainer(t, practiceId);
    const browser = new Browser(t, freshAddress());
    for (let attempt = 0; attempt < 2; attempt++) await signIn(browser, trainer.email, 'wrong password!!');
    expect((await signIn(browser, trainer.email, trainer.password)).status).toBe(200);

    for (let attempt = 0; attempt < 3; attempt++) expect((await signIn(browser, trainer.email, 'wrong password!!')).status).toBe(401);
  });
});
