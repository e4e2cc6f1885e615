import nodemailer from 'nodemailer';
import type { AlertRow } from '../store.js';
import { subjectOf, textOf } from './message.js';
import type { AlertChannel } from './port.js';

/** E-mail over SMTP (nodemailer): one message per batch to every recipient. */
export function emailChannel(options: { smtpUrl: string; from: string; to: string[] }): AlertChannel {
  // Bounded: a dispatcher waiting on an SMTP server that never answers would hold its batch forever.
  const transport = nodemailer.createTransport(options.smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as never);
  return {
    name: 'email',
    async send(batch: readonly AlertRow[]) {
      await transport.sendMail({ from: options.from, to: options.to, subject: subjectOf(batch), text: textOf(batch) });
    },
    close() {
      transport.close();
    },
  };
}
