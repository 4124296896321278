export type * from './types';
export { createMethods, type MethodRegistry } from './registry';
export { createGuessingProtection, type GuessingProtection, type SsprBlock, type FailureContext } from './guessing';
export {
  createVirtualDevices,
  answerTimeoutMs,
  type VirtualDevices,
  type DeviceScreen,
  type IncomingCall,
  type PendingPush,
  type PushStatus,
  type CallStatus,
} from './devices';
export {
  createOneTimeCodes,
  codeDigits,
  maxTriesPerCode,
  maxSendsPerWindow,
  sendWindowMs,
  type OneTimeCodes,
} from './codes';
export { totpNow, authenticatorDisplay } from './app-code';
export { maskEmail } from './email';
export { maskPhone, maskOfficePhone, phoneDigits, samePhoneNumber } from './phone';
export type { EmailChallenge } from './email';
export type { SmsChallenge } from './mobile-sms';
export type { CallChallenge } from './voice-call';
export type { AppCodeChallenge } from './app-code';
export type { PushChallenge } from './app-notification';
export type { QuestionsChallenge } from './security-questions';
