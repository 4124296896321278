import { randomBytes, randomInt } from 'node:crypto';

/** Randomness comes in from outside so tests can pin it; the default is the OS CSPRNG. */
export interface Random {
  bytes(length: number): Buffer;
  /** A uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
}

export const cryptoRandom: Random = {
  bytes: (length) => randomBytes(length),
  int: (maxExclusive) => randomInt(maxExclusive),
};
