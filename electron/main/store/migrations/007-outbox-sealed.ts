export const version = 7;
export const name = 'outbox-sealed';

/**
 * Issue 7, secrets at rest: the training outbox (the simulated phones and mailboxes, spec §10) keeps
 * each message as sent, and an e-mail or SMS may carry a one-time code. From here on a message's body
 * is sealed with the vault's data key (AES-256-GCM, `v1.<iv>.<tag>.<ciphertext>`, as TOTP secrets are)
 * in `sealed_body`, and `body` is left empty. SQL cannot encrypt, so this migration only adds the
 * column; the first start with the data key seals the messages already there (the outbox has no
 * retention: a message stays until its tenant is deleted, so they must be sealed, not waited out),
 * then rebuilds the file, so the plain text does not linger in a freed part of a page.
 */
export const up = `
ALTER TABLE outbox ADD COLUMN sealed_body TEXT
  CHECK (sealed_body IS NULL OR (sealed_body GLOB 'v1.*' AND length(sealed_body) <= 120000 AND body = ''));
`;
