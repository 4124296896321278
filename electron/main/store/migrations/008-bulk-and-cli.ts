export const version = 8;
export const name = 'bulk-and-cli';

/**
 * Issue 8: what the admin command line and bulk files do is audited like the console's work. An
 * import or export of users is one event with its counts (never a row's values); a tenant created
 * from the command line and a scenario saved to a file are recorded too. (`scenarioLoaded` exists
 * since the first migration.)
 */
export const up = `
INSERT INTO audit_activities (name) VALUES ('usersImported'), ('usersExported'), ('tenantCreated'), ('scenarioSaved');
`;
