// The throwaway OpenLDAP that scripts/with-slapd.sh starts, as the LDAP tests (issue 9) read it from
// outside the connector: a plain bind to see which password the directory takes, the lockout
// attributes as its administrator sees them, and a password set by the administrator (root DN).
import { createServer } from 'node:net';
import { Attribute, Change, Client, InvalidCredentialsError } from 'ldapts';
import { expect } from 'vitest';

/** The test directory's URL, or undefined (with a warning naming the file) when not run under with-slapd.sh. */
export function ldapTestUrl(file: string): string | undefined {
  const url = process.env.SSPR_TEST_LDAP_URL;
  if (!url)
    console.warn(`${file} skipped: no test directory: run under scripts/with-slapd.sh (SSPR_TEST_LDAP_URL is unset)`);
  return url;
}

/** One of the variables scripts/with-slapd.sh exports. */
export const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is unset; scripts/with-slapd.sh exports it`);
  return value;
};

export const userDn = (uid: string) => `uid=${uid},ou=people,${required('SSPR_TEST_LDAP_BASE_DN')}`;

/** Whether the directory accepts this password for the user: a plain LDAP bind, outside the connector. */
export async function binds(uid: string, password: string): Promise<boolean> {
  const client = new Client({ url: required('SSPR_TEST_LDAP_URL'), timeout: 5000, connectTimeout: 5000 });
  try {
    await client.bind(userDn(uid), password);
    return true;
  } catch (error) {
    if (error instanceof InvalidCredentialsError) return false;
    throw error;
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** Which of the user's lockout attributes are present, as the directory's administrator reads them. */
export async function lockoutAttributes(uid: string): Promise<string[]> {
  const client = new Client({ url: required('SSPR_TEST_LDAP_URL'), timeout: 5000 });
  try {
    await client.bind(required('SSPR_TEST_LDAP_ROOT_DN'), required('SSPR_TEST_LDAP_ROOT_PASSWORD'));
    const { searchEntries } = await client.search(userDn(uid), {
      scope: 'base',
      attributes: ['pwdAccountLockedTime', 'pwdFailureTime'],
    });
    const entry = searchEntries[0];
    if (!entry) throw new Error(`no entry ${uid}`);
    // ldapts lists a requested attribute the entry lacks with no values.
    return Object.entries(entry)
      .filter(([name, values]) => name !== 'dn' && (!Array.isArray(values) || values.length > 0))
      .map(([name]) => name);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** Locks the account the directory's own way: wrong passwords up to ppolicy's pwdMaxFailure (5). */
export async function lockByBadPasswords(uid: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) expect(await binds(uid, `Wrong-Passw0rd-${attempt}`)).toBe(false);
}

/** A loopback port nobody listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** The directory's administrator sets the password (outside ppolicy's checks): a known start for a test. */
export async function setPasswordAsAdministrator(uid: string, password: string): Promise<void> {
  const client = new Client({ url: required('SSPR_TEST_LDAP_URL'), timeout: 5000 });
  try {
    await client.bind(required('SSPR_TEST_LDAP_ROOT_DN'), required('SSPR_TEST_LDAP_ROOT_PASSWORD'));
    await client.modify(
      userDn(uid),
      new Change({ operation: 'replace', modification: new Attribute({ type: 'userPassword', values: [password] }) }),
    );
  } finally {
    await client.unbind().catch(() => undefined);
  }
}
