import { type SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { senderOf } from '../domain/email-templates.ts';
import { EmailNotSentError, type EmailSender } from '../domain/notifier.ts';

const charset = 'UTF-8';

/**
 * Sends through SES from one verified sender, under the store's name (`"Berlin Shop" <sender>`). An error answer from SES means nothing was sent
 * (`EmailNotSentError`); a network failure or timeout is left as it is, since SES may have sent.
 */
export function sesEmailSender(options: { client: SESClient; sender: string }): EmailSender {
  const { client, sender } = options;
  return {
    async send({ to, fromName, subject, text, html }) {
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
