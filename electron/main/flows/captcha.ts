import svgCaptcha from 'svg-captcha';
import type { Random } from '../random';

/**
 * The "who are you" CAPTCHA (§5.1), made offline: an image of distorted characters, and for people
 * who can't see it a short arithmetic question a screen reader can read. The alternative is weaker
 * against bots; the gates' own throttles (§5, §6) are what stop guessing, the CAPTCHA only slows
 * scripted account probing.
 */
export interface CaptchaChallenge {
  /** SVG markup of the distorted characters. */
  image: string;
  /** The accessible alternative: "What is {{a}} plus {{b}}?" */
  puzzle: { a: number; b: number };
  issuedAt: Date;
}

interface CaptchaAnswers {
  imageText: string;
  puzzleAnswer: string;
}

export interface CaptchaIssuer {
  issue(now: Date): { challenge: CaptchaChallenge; answers: CaptchaAnswers };
}

/** Characters a person can't tell apart in a distorted image are never drawn. */
const confusable = '0oO1iIlL';

export function createCaptchaIssuer(random: Random): CaptchaIssuer {
  return {
    issue(now) {
      const made = svgCaptcha.create({
        size: 5,
        noise: 2,
        ignoreChars: confusable,
        color: true,
        background: '#f3f2f1',
      });
      const a = 2 + random.int(8);
      const b = 2 + random.int(8);
      return {
        challenge: { image: made.data, puzzle: { a, b }, issuedAt: now },
        answers: { imageText: made.text, puzzleAnswer: String(a + b) },
      };
    },
  };
}

/** Either answer passes: the image's characters (case-insensitive, spaces ignored) or the sum. */
export function captchaSolved(answers: CaptchaAnswers, response: string): boolean {
  const typed = response.replace(/\s+/g, '');
  return typed.toLowerCase() === answers.imageText.toLowerCase() || typed === answers.puzzleAnswer;
}

export type { CaptchaAnswers };
