import { z } from 'zod';
import {
  Customization,
  DirectoryRole,
  PasswordPolicy,
  Plan,
  RiskLevel,
  type SsprPolicy,
  UserSource,
  passwordMaxLength,
  questionBank,
  ssprPolicyShape,
  validateTenantPolicy,
} from '../../../shared/policy';
import { TrainerNote } from '../../../shared/scenarios';
import { isStoredHash } from '../password/hasher';
import { DeviceSettingsPatch } from '../store/device';

/**
 * A point in time: ISO-8601 (`2026-01-05T09:00:00Z`, `2026-01-05`), `now`, or relative to the moment
 * the scenario is loaded (`-100d`, `+30m`, `-2h`, `-3w`), so a demo stays fresh whenever it is loaded.
 */
export const TimeSpec = z.union([
  z.iso.datetime({ offset: true }),
  z.iso.date(),
  z.string().regex(/^(now|[+-]\d{1,6}[mhdw])$/, 'must be an ISO date, "now", or relative like -100d, +30m, -2h, -3w'),
]);
export type TimeSpec = z.infer<typeof TimeSpec>;

const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Turns a TimeSpec into a date, relative ones counted from `now`. */
export function resolveTime(spec: TimeSpec, now: Date): Date {
  if (spec === 'now') return new Date(now.getTime());
  const relative = /^([+-])(\d+)([mhdw])$/.exec(spec);
  if (relative) {
    const [, sign, amount, unit] = relative;
    const ms = Number(amount) * unitMs[unit as keyof typeof unitMs];
    return new Date(now.getTime() + (sign === '-' ? -ms : ms));
  }
  return new Date(spec);
}

const domainName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain name like contoso.com');

const ScenarioDomain = z.union([domainName, z.strictObject({ name: domainName, verified: z.boolean().default(true) })]);

/** Printable ASCII, one @, a dot in the domain: what Entra accepts as a UPN. */
export const Upn = z
  .string()
  .trim()
  .max(256)
  .regex(/^[!-?A-~]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/, 'must be a UPN like name@contoso.com');

/** An international number as the store keeps it: `+`, digits and spaces. */
export const PhoneNumber = z
  .string()
  .trim()
  .regex(/^\+\d[\d ]{6,30}$/, 'must be an international number like +1 425 555 0101');

/** RFC 4648 base32 without padding, at least 80 bits (16 characters); spaces and case are ignored. */
const TotpSecret = z
  .string()
  .transform((secret) => secret.replace(/\s+/g, '').replace(/=+$/, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z2-7]{16,128}$/, 'must be base32 (A-Z, 2-7), at least 16 characters'));

/** A slow hash as the app stores it (`scrypt$v=1$N=…`), checked: a saved lab reloads without anyone's plaintext. */
const StoredHash = z
  .string()
  .max(512)
  .refine(isStoredHash, 'must be a stored scrypt hash like scrypt$v=1$N=131072,r=8,p=1$salt$key');

const ScenarioMethod = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('email'), address: z.email().max(256), registeredAt: TimeSpec.optional() }),
  z.strictObject({ kind: z.literal('mobilePhone'), phoneNumber: PhoneNumber, registeredAt: TimeSpec.optional() }),
  z.strictObject({
    kind: z.literal('officePhone'),
    phoneNumber: PhoneNumber,
    extension: z
      .string()
      .regex(/^\d{1,10}$/, 'must be 1 to 10 digits')
      .optional(),
    registeredAt: TimeSpec.optional(),
  }),
  z.strictObject({
    kind: z.literal('authenticatorApp'),
    /** Plaintext in the file (training data); sealed with the vault's data key on load. */
    secret: TotpSecret,
    deviceName: z.string().trim().min(1).max(128).optional(),
    registeredAt: TimeSpec.optional(),
  }),
  z.strictObject({
    kind: z.literal('securityQuestions'),
    /** Plaintext answers in the file (training data), or their stored hashes (a saved lab); only hashes are kept. */
    answers: z
      .array(
        z.union([
          z.strictObject({ question: z.string().trim().min(1).max(200), answer: z.string().min(1).max(200) }),
          z.strictObject({ question: z.string().trim().min(1).max(200), answerHash: StoredHash }),
        ]),
      )
      .min(1)
      .max(20),
    registeredAt: TimeSpec.optional(),
  }),
]);
export type ScenarioMethod = z.output<typeof ScenarioMethod>;

const ScenarioUser = z
  .strictObject({
    upn: Upn,
    displayName: z.string().trim().min(1).max(256),
    givenName: z.string().trim().max(64).nullable().default(null),
    surname: z.string().trim().max(64).nullable().default(null),
    enabled: z.boolean().default(true),
    source: UserSource.default('cloud'),
    guest: z.boolean().default(false),
    /** Null: no license in this tenant, so the user gets what `free` allows. */
    license: Plan.nullable().default(null),
    roles: z.array(DirectoryRole).default(() => []),
    groups: z.array(z.string().trim().min(1)).default(() => []),
    /** Plaintext in the file (training data); only the slow hash is stored. Give this or `passwordHash`. */
    password: z.string().min(1).max(passwordMaxLength).optional(),
    /** The stored hash of the password instead of the password (a saved lab). */
    passwordHash: StoredHash.optional(),
    /** Earlier passwords, newest first, for the history rule of spec §8; hashed like the current one. */
    previousPasswords: z
      .array(z.string().min(1).max(passwordMaxLength))
      .max(24)
      .default(() => []),
    /** The same as stored hashes, newest first (a saved lab); not together with `previousPasswords`. */
    previousPasswordHashes: z
      .array(StoredHash)
      .max(24)
      .default(() => []),
    passwordLastSet: TimeSpec.default('now'),
    mustChange: z.boolean().default(false),
    risk: RiskLevel.default('none'),
    cloudLockout: z
      .strictObject({
        failedSignIns: z.int().min(0).default(0),
        lockedUntil: TimeSpec.nullable().default(null),
        lockoutCount: z.int().min(0).default(0),
      })
      .prefault({}),
    onPremLockout: z
      .strictObject({
        failedSignIns: z.int().min(0).default(0),
        lockedUntil: TimeSpec.nullable().default(null),
      })
      .prefault({}),
    ssprBlockedUntil: TimeSpec.nullable().default(null),
    /** When absent: the load time if the user has methods, else never. */
    registrationConfirmed: TimeSpec.nullable().optional(),
    registrationFirstPrompted: TimeSpec.nullable().default(null),
    methods: z.array(ScenarioMethod).default(() => []),
    /** What this account demonstrates, shown to trainers; never put a secret here. */
    note: z.string().trim().max(1000).optional(),
  })
  .superRefine((user, ctx) => {
    if ((user.password === undefined) === (user.passwordHash === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'give either password or passwordHash, not both' });
    }
    if (user.previousPasswords.length > 0 && user.previousPasswordHashes.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['previousPasswordHashes'],
        message: 'give either previousPasswords or previousPasswordHashes, not both',
      });
    }
  });
export type ScenarioUser = z.output<typeof ScenarioUser>;

const { selectedGroupId: _selectedGroupId, ...scenarioPolicyFields } = ssprPolicyShape;

/** The tenant's SSPR policy as a file writes it: the pilot group by name; omitted fields take the §2 defaults. */
const ScenarioSsprPolicy = z
  .strictObject({ ...scenarioPolicyFields, selectedGroup: z.string().trim().min(1).nullable().default(null) })
  .prefault({});

const ScenarioTenant = z.strictObject({
  name: z.string().trim().min(1).max(256),
  domains: z.array(ScenarioDomain).min(1),
  plan: Plan,
  trialStart: TimeSpec.nullable().default(null),
  directorySync: z.boolean().default(false),
  allowedToUseSspr: z.boolean().default(true),
  customization: Customization.strict().prefault({}),
  ssprPolicy: ScenarioSsprPolicy,
  passwordPolicy: PasswordPolicy.strict().prefault({}),
  groups: z
    .array(z.strictObject({ name: z.string().trim().min(1).max(256), description: z.string().max(1024).optional() }))
    .default(() => []),
  users: z.array(ScenarioUser).default(() => []),
});
export type ScenarioTenant = z.output<typeof ScenarioTenant>;

/** A scenario file: tenants (the first is the one the lock screen shows) and the device settings. */
export const Scenario = z
  .strictObject({
    format: z.literal(1),
    name: z.string().trim().min(1).max(200),
    description: z.string().max(4000).default(''),
    /** What a trainer tries with this lab, what should happen and why (shown in the settings pane and the CLI). */
    trainerNote: TrainerNote.optional(),
    tenants: z.array(ScenarioTenant).min(1),
    device: DeviceSettingsPatch.prefault({}),
  })
  .superRefine(
    (scenario, ctx) => {
      const domainOwners = new Map<string, number>();
      const upns = new Set<string>();
      scenario.tenants.forEach((tenant, t) => {
        const at = (...path: (string | number)[]) => ['tenants', t, ...path];
        const domains = tenant.domains.map((domain) =>
          typeof domain === 'string' ? { name: domain, verified: true } : domain,
        );
        const initial = domains.filter((domain) => domain.name.endsWith('.onmicrosoft.com'));
        if (initial.length !== 1) {
          ctx.addIssue({
            code: 'custom',
            path: at('domains'),
            message: `a tenant has exactly one initial *.onmicrosoft.com domain; ${tenant.name} lists ${initial.length}`,
          });
        }
        domains.forEach((domain, d) => {
          if (domainOwners.has(domain.name)) {
            ctx.addIssue({ code: 'custom', path: at('domains', d), message: `${domain.name} is listed twice` });
          }
          domainOwners.set(domain.name, t);
        });

        const groupNames = tenant.groups.map((group) => group.name.toLowerCase());
        tenant.groups.forEach((group, g) => {
          if (groupNames.indexOf(group.name.toLowerCase()) !== g) {
            ctx.addIssue({ code: 'custom', path: at('groups', g), message: `group ${group.name} is listed twice` });
          }
        });

        const { selectedGroup, ...policyFields } = tenant.ssprPolicy;
        const selectedIndex = selectedGroup === null ? -1 : groupNames.indexOf(selectedGroup.toLowerCase());
        if (selectedGroup !== null && selectedIndex < 0) {
          ctx.addIssue({
            code: 'custom',
            path: at('ssprPolicy', 'selectedGroup'),
            message: `the group ${selectedGroup} is not one of ${tenant.name}'s groups [selectedGroupInTenant]`,
          });
        }
        // Group ids are not known before loading: stand-ins keep the policy's shape for the cross-field rules.
        const ssprPolicy: SsprPolicy = {
          ...policyFields,
          selectedGroupId: selectedIndex >= 0 ? selectedIndex + 1 : null,
        };
        const issues = validateTenantPolicy({ plan: tenant.plan, directorySync: tenant.directorySync, ssprPolicy });
        for (const issue of issues) {
          if (issue.rule === 'selectedScopeNeedsGroup' && selectedGroup !== null) continue;
          ctx.addIssue({
            code: 'custom',
            path: at('ssprPolicy', issue.path === 'selectedGroupId' ? 'selectedGroup' : issue.path),
            message: `${issue.message} [${issue.rule}]`,
          });
        }

        const verifiedDomains = new Set(domains.filter((domain) => domain.verified).map((domain) => domain.name));
        const bank = new Set(questionBank(policyFields));
        tenant.users.forEach((user, u) => {
          const upn = user.upn.toLowerCase();
          if (upns.has(upn))
            ctx.addIssue({ code: 'custom', path: at('users', u, 'upn'), message: `${user.upn} is listed twice` });
          upns.add(upn);
          const domain = upn.slice(upn.lastIndexOf('@') + 1);
          if (!verifiedDomains.has(domain)) {
            ctx.addIssue({
              code: 'custom',
              path: at('users', u, 'upn'),
              message: `${user.upn} is not on a verified domain of ${tenant.name}`,
            });
          }
          for (const group of user.groups) {
            if (!groupNames.includes(group.toLowerCase())) {
              ctx.addIssue({
                code: 'custom',
                path: at('users', u, 'groups'),
                message: `${user.upn} is put in ${group}, which is not one of ${tenant.name}'s groups`,
              });
            }
          }
          const kinds = new Set<string>();
          user.methods.forEach((method, m) => {
            const path = at('users', u, 'methods', m);
            if (method.kind !== 'authenticatorApp' && kinds.has(method.kind)) {
              ctx.addIssue({ code: 'custom', path, message: `${user.upn} registers ${method.kind} twice` });
            }
            kinds.add(method.kind);
            if (method.kind === 'email' && method.address.toLowerCase() === upn) {
              ctx.addIssue({
                code: 'custom',
                path,
                message: 'an e-mail method is an alternate address, never the UPN',
              });
            }
            if (method.kind === 'securityQuestions') {
              const questions = method.answers.map((answer) => answer.question);
              if (new Set(questions).size !== questions.length) {
                ctx.addIssue({ code: 'custom', path, message: `${user.upn} answers the same question twice` });
              }
              for (const question of questions) {
                if (!bank.has(question)) {
                  ctx.addIssue({
                    code: 'custom',
                    path,
                    message: `"${question}" is not in ${tenant.name}'s question bank`,
                  });
                }
              }
            }
          });
        });
      });
      const lastUser = scenario.device.lastUserUpn;
      if (lastUser && !upns.has(lastUser.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          path: ['device', 'lastUserUpn'],
          message: `${lastUser} is not a user of this scenario`,
        });
      }
    },
    // The cross-checks read fields as typed, so they wait until every field is valid.
    { when: (payload) => payload.issues.length === 0 },
  );
export type Scenario = z.output<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;

/** Validates a parsed JSON document; the error names the source and the first issues, never a value. */
export function parseScenario(document: unknown, source: string): Scenario {
  const result = Scenario.safeParse(document);
  if (result.success) return result.data;
  const shown = 5;
  const issues = result.error.issues
    .slice(0, shown)
    .map((issue) => `${issue.path.map(String).join('.') || '(file)'}: ${issue.message}`);
  const more = result.error.issues.length > shown ? ` (and ${result.error.issues.length - shown} more)` : '';
  throw new Error(`The scenario ${source} is not valid: ${issues.join('; ')}${more}`);
}
