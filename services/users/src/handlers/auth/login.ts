import { httpRoute, json } from '@shop/middleware';
import * as z from 'zod';
import { emailAddress } from '../../domain/profile.ts';
import { identity } from '../../wiring.ts';

export const logInBody = z.object({ email: emailAddress, password: z.string().min(1).max(256) }).strict();

/** POST /auth/login: 200 `{ accessToken, idToken, refreshToken, expiresIn }`; one 401 for any wrong email or password. */
export const handler = httpRoute({ body: logInBody }, async ({ body }) =>
  json(200, await identity().provider.logIn(body.email, body.password)),
);
