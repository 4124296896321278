import { z } from 'zod';

/**
 * Issue 8: training scenario packs. A pack's trainer note says what to try, what should happen and
 * why; the settings pane and the command line show it. Plain text only, never a secret.
 */
export const TrainerNote = z.strictObject({
  try: z.array(z.string().trim().min(1).max(500)).min(1).max(12),
  expect: z.array(z.string().trim().min(1).max(500)).min(1).max(12),
  why: z.string().trim().min(1).max(2000),
});
export type TrainerNote = z.infer<typeof TrainerNote>;

/** A pack's id is its file name without `.json`: a plain name, never a path. */
export const ScenarioPackId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a pack name: small letters, digits and hyphens');
export type ScenarioPackId = z.infer<typeof ScenarioPackId>;

/** One pack of `resources/scenarios/` as the console lists it; a broken pack carries its error instead. */
export const ScenarioPackView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  trainerNote: TrainerNote.nullable(),
  tenants: z.number().int(),
  users: z.number().int(),
  error: z.string().nullable(),
});
export type ScenarioPackView = z.infer<typeof ScenarioPackView>;

export const ScenarioLoadResult = z.object({
  id: z.string(),
  name: z.string(),
  tenants: z.number().int(),
  users: z.number().int(),
});
export type ScenarioLoadResult = z.infer<typeof ScenarioLoadResult>;

export const scenarioRequests = {
  load: z.object({ packId: ScenarioPackId }).strict(),
} as const;
