import { VerifyDomainIdentityCommand, VerifyEmailIdentityCommand } from '@aws-sdk/client-ses';
import type { Provisioner } from './provisioner.ts';

/** AWS::SES::EmailIdentity: an address or a domain, verified at once (the emulator only sends from those). */
export const provisionEmailIdentity: Provisioner = async (properties, { clients }) => {
  const identity = String(properties.EmailIdentity);
  if (identity.includes('@'))
    await clients.ses.send(new VerifyEmailIdentityCommand({ EmailAddress: identity }));
  else await clients.ses.send(new VerifyDomainIdentityCommand({ Domain: identity }));
  return { ref: identity, attributes: {} };
};
