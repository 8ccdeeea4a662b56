import { logInBody } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { identity, preloadCognito } from '../../wiring.ts';

// This route calls Cognito on every request: its package and client are made at init.
await preloadCognito();

/** POST /auth/login: 200 `{ accessToken, idToken, refreshToken, expiresIn }`; one 401 for any wrong email or password. */
export const handler = httpRoute({ body: logInBody }, async ({ body }) =>
  json(200, await identity().provider.logIn(body.email, body.password)),
);
