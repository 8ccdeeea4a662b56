import type { SignUpBody, Tokens } from '@shop/contracts';
import type { NewUser } from './profile.ts';

// What a login or a refresh answers is the contract's `Tokens`: Cognito's tokens for the client to keep.
export type { Tokens };

export type SignUpRequest = SignUpBody;

/**
 * The identity provider (Cognito) as the users service needs it. Implementations throw the shop's
 * typed errors: `ConflictError` for a taken email, `ValidationError` for a weak password or a
 * confirmation that did not happen, `UnauthorizedError` for failed logins and refreshes.
 */
export interface IdentityProvider {
  /** Creates an unconfirmed account; answers its permanent id (the token `sub`). */
  signUp(request: SignUpRequest): Promise<{ userId: string; confirmed: boolean }>;
  /**
   * Deletes the email's account if it was never confirmed; answers whether the email is free now
   * (false: a confirmed account holds it).
   */
  removeUnconfirmed(email: string): Promise<boolean>;
  /** Confirms an account without a code: only where sign-ups are confirmed at once (the `local` stage). */
  confirmWithoutCode(email: string): Promise<void>;
  /**
   * Confirms an unconfirmed account with the code that was emailed. Anything else (a wrong or expired
   * code, an unknown email, an account already confirmed) is one and the same `ValidationError`, so
   * the answer tells nobody whether the email has an account.
   */
  confirm(email: string, code: string): Promise<void>;
  logIn(email: string, password: string): Promise<Tokens>;
  /** New tokens for a refresh token; the refresh token answered replaces the one given (rotation). */
  refresh(refreshToken: string): Promise<Tokens>;
  /** Revokes the refresh token and the access tokens it issued; one already invalid is left as it is. */
  logOut(refreshToken: string): Promise<void>;
  /** The account an access token belongs to, as the pool keeps it (no IAM: the token is the right). */
  currentUser(accessToken: string): Promise<NewUser>;
  /**
   * Deletes the caller's own account with their access token. An account that is gone already (an
   * erasure stopped half-way and is being retried) counts as deleted; an existing account whose
   * token Cognito no longer accepts (the session was revoked) is an `UnauthorizedError`.
   */
  deleteAccount(caller: { userId: string; accessToken: string }): Promise<void>;
}

/** How a sign-up gets confirmed: by the code Cognito emails (AWS), or at once (the `local` stage). */
export type SignUpConfirmation = 'email' | 'immediate';
