// Issue 8: one row of a users file (CSV, JSON or JSON lines), the columns of Microsoft Entra's
// "Bulk create users" template named by the Graph property each of its headers brackets
// (`userPrincipalName`, `displayName`, `givenName`, `surname`, `accountEnabled`) plus the methods as
// Graph's phoneMethods (mobile, office with its extension) and emailMethods (the alternate address).
import { z } from 'zod';
import { DirectoryRole, Plan, passwordMaxLength } from '../../../shared/policy';
import { PhoneNumber, Upn } from '../scenario/schema';

/** Every column a users file may hold, in the order an export writes them. */
export const userFileColumns = [
  'userPrincipalName',
  'displayName',
  'givenName',
  'surname',
  'accountEnabled',
  'source',
  'license',
  'roles',
  'groups',
  'password',
  'mustChangePassword',
  'mobilePhone',
  'officePhone',
  'officePhoneExtension',
  'alternateEmail',
] as const;
export type UserFileColumn = (typeof userFileColumns)[number];

/** The columns a file must have; the others may be left out (empty takes the default). */
export const requiredUserFileColumns: readonly UserFileColumn[] = ['userPrincipalName', 'displayName'];

/** An empty cell or a JSON null is a column left out; text is trimmed. */
const blank = (value: unknown): unknown => {
  if (value === null) return undefined;
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

const optionalText = (max: number) => z.preprocess(blank, z.string().max(max).optional());

const yesNo: Record<string, boolean> = { true: true, yes: true, false: false, no: false };
/** true/false or yes/no in any case; a JSON boolean as it is. */
const flag = z.preprocess(
  (value) => {
    const given = blank(value);
    return typeof given === 'string' ? (yesNo[given.toLowerCase()] ?? given) : given;
  },
  z.boolean({ error: 'must be true or false (or yes or no)' }).optional(),
);

/** A `;`-separated cell or a JSON array; duplicates and empty items are dropped. */
const list = <T extends z.ZodType<string>>(item: T) =>
  z.preprocess((value) => {
    const given = blank(value);
    const items = typeof given === 'string' ? given.split(';') : given;
    if (!Array.isArray(items)) return items;
    const kept = items.map(blank).filter((entry) => entry !== undefined);
    return [...new Set(kept)];
  }, z.array(item).max(100).optional());

/** The source a row may create: cloud-only, or mastered on-premises (synced, or federated through it). */
export const importSources = ['cloud', 'synced', 'federated'] as const;

/** One user as a file gives it, checked on its own; the tenant's rules (domains, groups, sync) come after. */
export const UserFileRow = z
  .strictObject({
    userPrincipalName: z.preprocess(blank, Upn),
    displayName: z.preprocess(blank, z.string().max(256)),
    givenName: optionalText(64),
    surname: optionalText(64),
    accountEnabled: flag,
    source: z.preprocess(blank, z.enum(importSources).optional()),
    license: z.preprocess(blank, Plan.optional()),
    roles: list(DirectoryRole),
    groups: list(z.string().max(256)),
    /** Kept only until it is checked and slow-hashed; never in a reason, a log or the report. */
    password: z.preprocess(
      (value) => (value === '' || value === null ? undefined : value),
      z.string({ error: 'must be text' }).max(passwordMaxLength).optional(),
    ),
    mustChangePassword: flag,
    mobilePhone: z.preprocess(blank, PhoneNumber.optional()),
    officePhone: z.preprocess(blank, PhoneNumber.optional()),
    officePhoneExtension: z.preprocess(
      blank,
      z
        .string()
        .regex(/^\d{1,10}$/, 'must be 1 to 10 digits')
        .optional(),
    ),
    alternateEmail: z.preprocess(blank, z.email({ error: 'must be an e-mail address' }).max(256).optional()),
  })
  .superRefine((row, ctx) => {
    if (row.alternateEmail !== undefined && row.alternateEmail.toLowerCase() === row.userPrincipalName.toLowerCase()) {
      ctx.addIssue({
        code: 'custom',
        path: ['alternateEmail'],
        message: 'is the UPN: the alternate e-mail is another address',
      });
    }
    if (row.officePhoneExtension !== undefined && row.officePhone === undefined) {
      ctx.addIssue({ code: 'custom', path: ['officePhoneExtension'], message: 'needs an officePhone' });
    }
  });
export type UserFileRow = z.output<typeof UserFileRow>;

/**
 * Why a row is refused, in words: the first problem of each column, never the value (a password,
 * a phone number or an address must not reach the report, a log or an error message).
 */
export function rowProblems(error: z.ZodError): string {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      problems.push(`unknown column${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(shortName).join(', ')}`);
      continue;
    }
    const [column = 'row', item] = issue.path.map(String);
    if (seen.has(column)) continue;
    seen.add(column);
    const where = item === undefined ? column : `${column} (item ${Number(item) + 1})`;
    problems.push(`${where} ${issueText(issue)}`);
  }
  return problems.join('; ');
}

function issueText(issue: z.core.$ZodIssue): string {
  // Our own messages start with these words and name the rule; zod's own never repeat the value.
  const ours = /^(must|is|needs) /u.test(issue.message);
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined$/u.test(issue.message)) return 'is required';
      return ours ? issue.message : `must be ${issue.expected === 'string' ? 'text' : issue.expected}`;
    case 'too_big':
      return `has more than ${String(issue.maximum)} ${issue.origin === 'array' ? 'items' : 'characters'}`;
    case 'invalid_value':
      return issue.values.length > 8
        ? 'is not one of the values this column takes'
        : `must be one of ${issue.values.map(String).join(', ')}`;
    default:
      return ours ? issue.message : `is not valid (${issue.message})`;
  }
}

/** A column name from a file, shortened for a message. */
function shortName(name: string): string {
  const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
  return JSON.stringify(shown);
}
