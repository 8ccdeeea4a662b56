import { type FormEvent, useState } from 'react';
import { ApiError } from '../../src/api/problem.ts';
import { hrefFor } from '../../src/routes.ts';
import { PageTitle } from '../components/bits.tsx';
import { ErrorNotice } from '../components/feedback.tsx';
import { TextField } from '../components/fields.tsx';
import { Link, navigate } from '../router.tsx';
import { useShop } from '../shop-context.tsx';

const fieldLabels = { email: 'Email', password: 'Password', name: 'Name' };

export function SignInPage({ next, reason }: { next?: string | undefined; reason?: string }) {
  const { api } = useShop();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [state, setState] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setState({ busy: true });
    try {
      await api.login({ email: email.trim(), password });
      navigate(next ?? '/', { replace: true });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  const fieldErrors = state.error instanceof ApiError ? state.error.fieldErrors : {};
  return (
    <div className="narrow">
      <PageTitle>Sign in</PageTitle>
      {reason && <p>{reason}</p>}
      <form className="form" onSubmit={submit}>
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={fieldErrors.email}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={fieldErrors.password}
        />
        <ErrorNotice error={state.error} fieldLabels={fieldLabels} title="Not signed in" />
        <button type="submit" disabled={state.busy}>
          {state.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        New here? <Link to={hrefFor({ page: 'signup', next })}>Create an account</Link>
      </p>
    </div>
  );
}

export function SignUpPage({ next }: { next?: string | undefined }) {
  const { api } = useShop();
  const [fields, setFields] = useState({ name: '', email: '', password: '' });
  const [state, setState] = useState<{ busy: boolean; error?: unknown; pending?: boolean }>({ busy: false });
  const set = (field: keyof typeof fields) => (event: { target: { value: string } }) =>
    setFields({ ...fields, [field]: event.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setState({ busy: true });
    try {
      const email = fields.email.trim();
      const result = await api.signup({ name: fields.name.trim(), email, password: fields.password });
      // In the local stage sign-up is confirmed at once; elsewhere Cognito emails a code first.
      if (!result.confirmed) return setState({ busy: false, pending: true });
      await api.login({ email, password: fields.password });
      navigate(next ?? '/', { replace: true });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  const fieldErrors = state.error instanceof ApiError ? state.error.fieldErrors : {};
  if (state.pending) {
    return (
      <div className="narrow">
        <PageTitle>Check your email</PageTitle>
        <p>We sent a confirmation code to {fields.email}. Confirm your address, then sign in.</p>
        <p>
          <Link to={hrefFor({ page: 'signin', next })}>Sign in</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <PageTitle>Create an account</PageTitle>
      <form className="form" onSubmit={submit}>
        <TextField
          label="Name"
          name="name"
          autoComplete="name"
          required
          value={fields.name}
          onChange={set('name')}
          error={fieldErrors.name}
        />
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          required
          value={fields.email}
          onChange={set('email')}
          error={fieldErrors.email}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          hint="At least 8 characters with upper and lower case letters, a number and a symbol."
          required
          value={fields.password}
          onChange={set('password')}
          error={fieldErrors.password}
        />
        <ErrorNotice error={state.error} fieldLabels={fieldLabels} title="The account was not created" />
        <button type="submit" disabled={state.busy}>
          {state.busy ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have an account? <Link to={hrefFor({ page: 'signin', next })}>Sign in</Link>
      </p>
    </div>
  );
}
