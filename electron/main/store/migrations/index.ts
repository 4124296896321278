import type { Migration } from './types';
import * as initial from './001-initial';
import * as lookupIndexes from './002-lookup-indexes';
import * as onPremDirectory from './003-onprem-directory';
import * as signIn from './004-sign-in';
import * as adminConsole from './005-admin-console';
import * as auditChain from './006-audit-chain';
import * as outboxSealed from './007-outbox-sealed';
import * as bulkAndCli from './008-bulk-and-cli';
import * as reportIndexes from './009-report-indexes';
import * as reportSummary from './010-report-summary';
import * as capableIndex from './011-capable-index';
import * as registrationCounts from './012-registration-counts';
import * as mailDelivery from './013-mail-delivery';
import * as directoryConnectors from './014-directory-connectors';

export type { Migration } from './types';

/** Every migration, in order; a new one is a new file appended here, never an edit to an old one. */
export const migrations: readonly Migration[] = [
  initial,
  lookupIndexes,
  onPremDirectory,
  signIn,
  adminConsole,
  auditChain,
  outboxSealed,
  bulkAndCli,
  reportIndexes,
  reportSummary,
  capableIndex,
  registrationCounts,
  mailDelivery,
  directoryConnectors,
];

export const latestVersion = migrations.reduce((latest, migration) => Math.max(latest, migration.version), 0);
