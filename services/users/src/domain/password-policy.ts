import { ValidationError } from '@shop/errors';

/** The user pool's password rules, as Cognito describes them. */
export type PasswordPolicy = {
  MinimumLength?: number | undefined;
  RequireLowercase?: boolean | undefined;
  RequireUppercase?: boolean | undefined;
  RequireNumbers?: boolean | undefined;
  RequireSymbols?: boolean | undefined;
};

// Cognito's own character classes: https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-policies.html
const SYMBOLS = new Set([...'^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+-']);

type Rule = { describe: string; met: (password: string) => boolean };

const rules = (policy: PasswordPolicy): Rule[] => {
  // Cognito's default minimum when a pool sets none.
  const minimum = policy.MinimumLength ?? 8;
  const wanted: Array<[boolean | undefined, Rule]> = [
    [true, { describe: `at least ${minimum} characters`, met: (p) => [...p].length >= minimum }],
    [policy.RequireLowercase, { describe: 'a lowercase letter', met: (p) => /[a-z]/.test(p) }],
    [policy.RequireUppercase, { describe: 'an uppercase letter', met: (p) => /[A-Z]/.test(p) }],
    [policy.RequireNumbers, { describe: 'a number', met: (p) => /[0-9]/.test(p) }],
    [
      policy.RequireSymbols,
      { describe: 'a symbol such as ! @ # or -', met: (p) => [...p].some((c) => SYMBOLS.has(c)) },
    ],
  ];
  return wanted.filter(([required]) => required).map(([, rule]) => rule);
};

const joinWords = (words: string[]) =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;

/** The policy in one sentence, e.g. "at least 10 characters, with a lowercase letter and a number". */
export function describePasswordPolicy(policy: PasswordPolicy): string {
  const [length, ...classes] = rules(policy).map((rule) => rule.describe);
  return classes.length === 0 ? `${length}` : `${length}, with ${joinWords(classes)}`;
}

/** What the password still lacks under the policy; empty when it meets every rule. */
export function unmetPasswordRules(password: string, policy: PasswordPolicy): string[] {
  return rules(policy)
    .filter((rule) => !rule.met(password))
    .map((rule) => rule.describe);
}

/** The 400 for a password the pool refused: what the policy wants and what this password lacks. */
export function weakPasswordError(
  password: string,
  policy: PasswordPolicy,
  cause?: unknown,
): ValidationError {
  const unmet = unmetPasswordRules(password, policy);
  const wants = describePasswordPolicy(policy);
  // Nothing unmet means the pool refused it for another reason (e.g. a known breached password).
  const message = unmet.length > 0 ? `Needs ${joinWords(unmet)}` : 'Too easy to guess; choose another';
  return new ValidationError(
    `The password is too weak: it must have ${wants}.`,
    [{ field: 'password', message }],
    {
      cause,
    },
  );
}
