import { AdminConfirmSignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startUsersStack, type UsersStack } from './users-stack.ts';

// The auth routes as in the AWS stages, where Cognito emails a code and POST /auth/confirm redeems it.
// The emulator checks codes like Cognito; a test learns a code by signing up with the app client
// itself (stack.signUp), as a client talking to Cognito directly would.
let stack: UsersStack;
const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}@example.com`;
const confirm = (email: string, code: string) => stack.call('POST /auth/confirm', { json: { email, code } });
const logIn = (email: string, password = PASSWORD) =>
  stack.call('POST /auth/login', { json: { email, password } });

beforeAll(async () => {
  stack = await startUsersStack({ confirmation: 'email' });
});

describe('confirming a sign-up by the emailed code', () => {
  it('signs up unconfirmed; the right code confirms, and then the user logs in', async () => {
    await stack.publishedEvents();
    const email = unique('ada');
    const signedUp = await stack.call('POST /auth/signup', {
      json: { email, password: PASSWORD, name: 'Ada' },
    });
    expect(signedUp.status).toBe(201);
    expect(signedUp.body).toMatchObject({ email, confirmed: false });
    expect((await logIn(email)).status).toBe(401);
    // Nothing is announced before the confirmation (the trigger registers the user in AWS).
    expect(await stack.publishedEvents()).toEqual([]);

    const other = unique('grace');
    const { code } = await stack.signUp(other);
    expect((await confirm(other, code)).status).toBe(204);
    expect((await logIn(other)).status).toBe(200);
  });

  it('answers a wrong code, an unknown email and an already confirmed account with one and the same 400', async () => {
    const pending = unique('pending');
    await stack.signUp(pending);
    const confirmed = unique('confirmed');
    const { code } = await stack.signUp(confirmed);
    expect((await confirm(confirmed, code)).status).toBe(204);

    // Codes are 6 digits, so a 7-digit one is wrong for certain.
    const answers = [
      await confirm(pending, '0000000'),
      await confirm(unique('nobody'), '123456'),
      await confirm(confirmed, code),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.headers['Content-Type']).toBe('application/problem+json');
    }
    expect(answers[0]?.body).toMatchObject({
      status: 400,
      errors: [{ field: 'code', message: 'Wrong or expired code' }],
    });
    expect(answers[1]?.rawBody).toBe(answers[0]?.rawBody);
    expect(answers[2]?.rawBody).toBe(answers[0]?.rawBody);
    expect(answers[1]?.headers).toEqual(answers[0]?.headers);
    expect(answers[2]?.headers).toEqual(answers[0]?.headers);
    // The wrong code confirmed nothing.
    expect((await logIn(pending)).status).toBe(401);
  });
});

describe('signing up an email that already has an account', () => {
  it('replaces a sign-up never confirmed: the new password is the one confirmed, the old code is void', async () => {
    const email = unique('squatted');
    // Someone else signed this address up and cannot confirm it (the code went to its owner's mailbox).
    const squatter = await stack.signUp(email, { password: 'Squatter-pass-1' });

    const owner = await stack.call('POST /auth/signup', {
      json: { email, password: PASSWORD, name: 'Owner' },
    });
    expect(owner.status).toBe(201);
    expect(owner.body).toMatchObject({ email, confirmed: false });
    expect((owner.body as { userId: string }).userId).not.toBe(squatter.userId);
    expect((await confirm(email, squatter.code)).status).toBe(400);

    // The owner redeems the new code from their mailbox; an operator's confirmation stands in for it.
    await stack.cognito.send(
      new AdminConfirmSignUpCommand({ UserPoolId: stack.userPoolId, Username: email }),
    );
    expect((await logIn(email)).status).toBe(200);
    expect((await logIn(email, 'Squatter-pass-1')).status).toBe(401);
  });

  it('keeps a confirmed account: 409, and its own password still logs in', async () => {
    const email = unique('owned');
    const { code } = await stack.signUp(email);
    await confirm(email, code);
    const again = await stack.call('POST /auth/signup', {
      json: { email, password: 'Another-pass-1', name: 'Intruder' },
    });
    expect(again.status).toBe(409);
    expect((await logIn(email)).status).toBe(200);
    expect((await logIn(email, 'Another-pass-1')).status).toBe(401);
  });
});
