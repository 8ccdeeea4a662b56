import type { NewUser } from './profile.ts';

/** What a login answers: Cognito's tokens for the client to keep. */
export type Tokens = { accessToken: string; idToken: string; refreshToken: string; expiresIn: number };

/** What a refresh answers; the refresh token stays the same. */
export type RefreshedTokens = Omit<Tokens, 'refreshToken'>;

export type SignUpRequest = { email: string; password: string; name: string };

/**
 * The identity provider (Cognito) as the users service needs it. Implementations throw the shop's
 * typed errors: `ConflictError` for a taken email, `ValidationError` for a weak password or a wrong
 * confirmation code, `UnauthorizedError` for failed logins and refreshes.
 */
export interface IdentityProvider {
  /** Creates an unconfirmed account; answers its permanent id (the token `sub`). */
  signUp(request: SignUpRequest): Promise<{ userId: string; confirmed: boolean }>;
  /** Confirms an account without a code: only where sign-ups are confirmed at once (the `local` stage). */
  confirmWithoutCode(email: string): Promise<void>;
  /** Confirms an account with the code that was emailed; confirming a confirmed account is a no-op. */
  confirm(email: string, code: string): Promise<void>;
  logIn(email: string, password: string): Promise<Tokens>;
  refresh(refreshToken: string): Promise<RefreshedTokens>;
  /** The account an access token belongs to, as the pool keeps it (no IAM: the token is the right). */
  currentUser(accessToken: string): Promise<NewUser>;
}

/** How a sign-up gets confirmed: by the code Cognito emails (AWS), or at once (the `local` stage). */
export type SignUpConfirmation = 'email' | 'immediate';
