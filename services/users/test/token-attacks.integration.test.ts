import { generateKeyPairSync, sign } from 'node:crypto';
import { CreateUserPoolCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { uniqueName } from '@shop/testing';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Route } from './users-stack.ts';
import { PASSWORD, startUsersStack, type UsersStack } from './users-stack.ts';

// Every way to present a bad token to the protected routes' real handlers, verified against the
// emulated pool's JWKS. Each attack is paired with the genuine token it was made from, which passes.
let stack: UsersStack;
let genuine: { accessToken: string; idToken: string };
let otherClientToken: string;
let otherPoolToken: string;
const email = `victim-${Math.random().toString(36).slice(2, 8)}@example.com`;

const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString('base64url');
const decode = (part: string | undefined) => JSON.parse(Buffer.from(part ?? '', 'base64url').toString());

/** Signs header and claims with a key of our own (RS256), or leaves the token unsigned for `alg: none`. */
function forge(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const input = `${encode(header)}.${encode(claims)}`;
  if (header.alg === 'none') return `${input}.`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

const partsOf = (token: string) => {
  const [header, claims, signature] = token.split('.');
  return { header: decode(header), claims: decode(claims), signature: signature ?? '' };
};

beforeAll(async () => {
  stack = await startUsersStack();
  genuine = await stack.signUpAndLogIn(email, 'Victim');
  const otherClientId = await stack.createClient(uniqueName('other-app'));
  const viaOtherClient = await stack.cognito.send(
    new InitiateAuthCommand({
      ClientId: otherClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: PASSWORD },
    }),
  );
  otherClientToken = viaOtherClient.AuthenticationResult?.AccessToken as string;
  // moto signs every pool with one key, so only the issuer check tells this token apart.
  const { UserPool } = await stack.cognito.send(
    new CreateUserPoolCommand({ PoolName: uniqueName('other-pool') }),
  );
  const { header, claims } = partsOf(genuine.accessToken);
  otherPoolToken = `${encode(header)}.${encode({
    ...claims,
    iss: `https://cognito-idp.us-east-1.amazonaws.com/${UserPool?.Id}`,
  })}.${partsOf(genuine.accessToken).signature}`;
});

afterEach(() => {
  vi.useRealTimers();
});

const protectedRoutes: Array<[Route, { json?: unknown }]> = [
  ['GET /users/me', {}],
  ['PUT /users/me', { json: { name: 'Hijacked' } }],
  ['GET /users', {}],
];

function attacks(): Array<[string, string | undefined]> {
  const { header, claims, signature } = partsOf(genuine.accessToken);
  const [h, c] = genuine.accessToken.split('.');
  const flipped = `${signature.slice(0, -4)}${signature.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
  return [
    ['no Authorization header', undefined],
    ['an empty Bearer', 'Bearer '],
    ['a malformed token', 'Bearer not.a-token'],
    ['garbage in three parts', 'Bearer abc.def.ghi'],
    ['the token without the Bearer scheme', genuine.accessToken],
    ['a tampered signature', `Bearer ${h}.${c}.${flipped}`],
    [
      'tampered claims (another sub)',
      `Bearer ${h}.${encode({ ...claims, sub: 'someone-else' })}.${signature}`,
    ],
    [
      'tampered claims (admin group)',
      `Bearer ${h}.${encode({ ...claims, 'cognito:groups': ['admin'] })}.${signature}`,
    ],
    ['alg none', `Bearer ${forge({ ...header, alg: 'none' }, claims)}`],
    ['alg none keeping the signature', `Bearer ${forge({ ...header, alg: 'none' }, claims)}${signature}`],
    ['alg HS256', `Bearer ${encode({ ...header, alg: 'HS256' })}.${c}.${signature}`],
    ["our own key under the pool's kid", `Bearer ${forge(header, claims)}`],
    ['our own key under an unknown kid', `Bearer ${forge({ ...header, kid: 'attacker-key' }, claims)}`],
    ['an ID token', `Bearer ${genuine.idToken}`],
    ["another app client's access token", `Bearer ${otherClientToken}`],
    ["another pool's issuer", `Bearer ${otherPoolToken}`],
  ];
}

const UNAUTHORIZED = {
  type: 'https://shop.example/problems/unauthorized',
  title: 'Unauthorized',
  status: 401,
  detail: 'A valid access token is required.',
};

describe.each(protectedRoutes)('%s', (route, request) => {
  it('accepts the genuine access token (the control for every attack below)', async () => {
    const control = request.json ? { json: { name: 'Victim' } } : {};
    const answer = await stack.call(route, { ...control, token: genuine.accessToken });
    // A customer on the admin route is authenticated, then refused for the role.
    expect(answer.status).toBe(route === 'GET /users' ? 403 : 200);
  });
});

// DELETE /users/me too, but without the genuine control: it would erase the victim (the erasure's
// own tests show the genuine token works there). The last test below shows nothing was erased.
describe.each([...protectedRoutes, ['DELETE /users/me', {}] as [Route, { json?: unknown }]])(
  '%s',
  (route, request) => {
    it('refuses every forged, misused or missing token with one identical 401 body', async () => {
      const answers = [];
      for (const [name, authorization] of attacks()) {
        const answer = await stack.call(route, { ...request, authorization });
        expect(answer.status, name).toBe(401);
        expect(answer.headers['WWW-Authenticate'], name).toBe('Bearer');
        answers.push(answer.rawBody);
      }
      expect(new Set(answers).size).toBe(1);
      expect(JSON.parse(answers[0] as string)).toEqual(UNAUTHORIZED);
    });

    it('refuses the genuine token once it has expired, with the same body', async () => {
      const exp = partsOf(genuine.accessToken).claims.exp as number;
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime((exp + 1) * 1000);
      const answer = await stack.call(route, { ...request, token: genuine.accessToken });
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.rawBody as string)).toEqual(UNAUTHORIZED);
    });
  },
);

describe('after every attack', () => {
  it("the victim's profile is unchanged", async () => {
    const me = await stack.call('GET /users/me', { token: genuine.accessToken });
    expect(me.body).toMatchObject({ email, name: 'Victim' });
  });
});
