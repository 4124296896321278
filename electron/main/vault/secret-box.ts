// AES-256-GCM sealing of small secrets (TOTP seeds) with the vault's data key, as one printable string
// the database can hold: `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretBox } from './types';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('the data key must be 32 bytes');
  // A private copy, so a caller wiping or reusing its buffer cannot change the box's key.
  const dataKey = Buffer.from(key);

  return {
    seal(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, ...[iv, tag, ciphertext].map((part) => part.toString('base64url'))].join('.');
    },

    open(sealed) {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) throw corrupt();
      const [iv, tag, ciphertext] = parts.slice(1).map(decode);
      if (!iv || !tag || !ciphertext || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw corrupt();
      try {
        const decipher = createDecipheriv('aes-256-gcm', dataKey, iv, { authTagLength: TAG_BYTES });
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        // The cipher's own error says nothing useful and must not be mistaken for a different fault.
        throw corrupt();
      }
    },
  };
}

/** Strict base64url: Buffer.from accepts stray characters, so a part must re-encode to itself. */
function decode(part: string): Buffer | null {
  const bytes = Buffer.from(part, 'base64url');
  return bytes.toString('base64url') === part ? bytes : null;
}

function corrupt(): Error {
  return new Error('sealed secret is corrupt or was sealed with another key');
}
