import { z } from 'zod';

/**
 * The training devices panel (training rooms only): what one user's own phone, mailbox and
 * authenticator app show right now. By design it carries what those devices would show, codes
 * included; the panel keeps it in its own component, never in the app's store, and it does not
 * exist in kiosk mode.
 */
export const TrainingMessage = z.object({
  id: z.number().int(),
  at: z.string(),
  channel: z.enum(['email', 'sms', 'voice', 'push']),
  to: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
});

export const TrainingDevices = z.object({
  upn: z.string(),
  displayName: z.string(),
  phones: z.array(
    z.object({ number: z.string(), kind: z.enum(['mobile', 'office']), extension: z.string().nullable() }),
  ),
  emails: z.array(z.string()),
  inbox: z.array(TrainingMessage),
  calls: z.array(z.object({ id: z.string(), dialled: z.string(), caller: z.string(), timesOutAt: z.string() })),
  pushes: z.array(z.object({ id: z.string(), tenantName: z.string(), upn: z.string(), timesOutAt: z.string() })),
  authenticators: z.array(
    z.object({
      methodId: z.number().int(),
      deviceName: z.string().nullable(),
      code: z.string(),
      secondsLeft: z.number().int(),
    }),
  ),
});
export type TrainingDevices = z.infer<typeof TrainingDevices>;

export const TrainingState = z.object({
  enabled: z.boolean(),
  now: z.string(),
  offsetMinutes: z.number().int(),
});
export type TrainingState = z.infer<typeof TrainingState>;

/** The steps a trainer can move the clock by: +5 min, +1 h, +1 day, +14 days. */
export const trainingClockSteps = [5, 60, 1440, 20160] as const;
