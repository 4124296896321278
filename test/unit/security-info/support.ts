// A training room for the security-info tests: the method tests' room (real store, manual clock,
// real hasher at a test cost, secret box, virtual devices) plus the security-info service over it.
import { ScureBase32Plugin } from 'otplib';
import { cryptoRandom, type Random } from '../../../electron/main/random';
import { createSecurityInfoService, type SecurityInfoService } from '../../../electron/main/security-info/service';
import type { SsprPolicyInput } from '../../../shared/policy';
import type { SecurityInfo } from '../../../shared/security-info';
import { openRoom, type Room } from '../methods/support';

export interface InfoRoom extends Room {
  service: SecurityInfoService;
  /** Every authenticator secret the service generated, base32, as the app would hold it. */
  secretsMade: string[];
}

/** Every method the policy knows, so each kind can be registered. */
export const allMethods: SsprPolicyInput = {
  enabledFor: 'all',
  methodsAllowed: ['email', 'mobileSms', 'mobileCall', 'officeCall', 'appCode', 'appNotification', 'securityQuestions'],
};

/**
 * The OS CSPRNG, watched: the 20-byte draws are the TOTP secrets (security-info/qr.ts). The test
 * reads the secret this way instead of decoding the QR image (the e2e suite decodes what it sees).
 */
function watchedRandom(secretsMade: string[]): Random {
  const base32 = new ScureBase32Plugin();
  return {
    bytes: (length) => {
      const bytes = cryptoRandom.bytes(length);
      if (length === 20) secretsMade.push(base32.encode(new Uint8Array(bytes)));
      return bytes;
    },
    int: (max) => cryptoRandom.int(max),
  };
}

export function openInfoRoom(ssprPolicy: SsprPolicyInput = allMethods): InfoRoom {
  const secretsMade: string[] = [];
  const room = openRoom({ ssprPolicy, random: watchedRandom(secretsMade) });
  const service = createSecurityInfoService({
    store: room.store,
    clock: room.clock,
    random: room.random,
    hasher: room.hasher,
    secretBox: room.secretBox,
    devices: room.devices,
    mailer: room.mailer,
  });
  return Object.assign(room, { service, secretsMade });
}

export function pendingOf(info: SecurityInfo) {
  if (!info.pending) throw new Error('There is no pending registration.');
  return info.pending;
}
