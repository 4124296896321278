export { createMailer, type Mailer, type NewMail, type RecordedMail, type DeliveryOutcome } from './mailer';
export { MailDeliveryError, type MailTransport, type OutgoingMail } from './types';
export { simulatedTransport } from './simulated';
export { createSmtpTransport } from './smtp';
