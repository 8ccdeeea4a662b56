import type { SESClient } from '@aws-sdk/client-ses';
import { senderOf } from '../domain/email-templates.ts';
import { EmailNotSentError, type EmailSender } from '../domain/notifier.ts';

const charset = 'UTF-8';

/**
 * Sends through SES from one verified sender, under the store's name (`"Berlin Shop" <sender>`). An error answer from SES means nothing was sent
 * (`EmailNotSentError`); a network failure or timeout is left as it is, since SES may have sent.
 * `client` may be a getter (made on the first send): the SDK's SES package is then imported on the
 * first email, so a function that only lists notifications never loads it (bench/README.md).
 */
export function sesEmailSender(options: {
  client: SESClient | (() => Promise<SESClient>);
  sender: string;
}): EmailSender {
  const { sender } = options;
  return {
    async send({ to, fromName, subject, text, html }) {
      const { SendEmailCommand } = await import('@aws-sdk/client-ses');
      const client = typeof options.client === 'function' ? await options.client() : options.client;
      try {
        const { MessageId } = await client.send(
          new SendEmailCommand({
            Source: senderOf(fromName, sender),
            Destination: { ToAddresses: [to] },
            Message: {
              Subject: { Data: subject, Charset: charset },
              Body: { Text: { Data: text, Charset: charset }, Html: { Data: html, Charset: charset } },
            },
          }),
        );
        return { messageId: MessageId ?? '' };
      } catch (error) {
        const answered = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (answered !== undefined)
          throw new EmailNotSentError(`SES refused the email: ${(error as Error).name}`, { cause: error });
        throw error;
      }
    },
  };
}
