// The training room's devices, in memory: each user's phones ring and their authenticator apps get pushes.
// The flow engine and the training panel share one instance. Codes travel through the outbox instead.
import type { Clock } from '../clock';
import type { Random } from '../random';
import type { AuthMethod, OutboxChannel, OutboxMessage, Store, User } from '../store';

/** An unanswered call or push stops ringing after 60 s (spec §5: push; calls chosen the same). */
export const answerTimeoutMs = 60_000;
/** Finished or abandoned calls and pushes are forgotten after this long. */
const keptForMs = 10 * 60_000;
const inboxLimit = 50;

export type CallStatus = 'ringing' | 'confirmed' | 'declined';
export type PushStatus =
  { kind: 'waiting' } | { kind: 'answered'; number: string } | { kind: 'denied'; reported: boolean };

export interface NewCall {
  userId: number;
  methodId: number;
  /** The number dialled, with the extension for an office phone. */
  dialled: string;
  /** Who is calling, as the phone shows it: the tenant's name. */
  caller: string;
  at: Date;
}

export interface IncomingCall extends NewCall {
  id: string;
  status: CallStatus;
  timesOutAt: Date;
}

export interface NewPush {
  userId: number;
  methodId: number;
  deviceName: string | null;
  tenantName: string;
  upn: string;
  at: Date;
  /** Runs when the user taps "deny and report", at that moment, even if no one asks the push again. */
  onReport?: () => void;
}

/** A push as the app shows it: the account, not the number (the user reads that off the sign-in screen). */
export interface PendingPush extends Omit<NewPush, 'onReport'> {
  id: string;
  status: PushStatus;
  timesOutAt: Date;
}

export interface DeviceScreen {
  calls: IncomingCall[];
  pushes: PendingPush[];
}

export interface VirtualDevices {
  ring(call: NewCall): IncomingCall;
  call(callId: string): IncomingCall | null;
  /** The phone's owner answers and presses #. */
  confirmCall(user: Pick<User, 'id'>, callId: string): boolean;
  declineCall(user: Pick<User, 'id'>, callId: string): boolean;
  sendPush(push: NewPush): PendingPush;
  push(pushId: string): PendingPush | null;
  /** The app sends back the number its owner typed. */
  respondToPush(user: Pick<User, 'id'>, pushId: string, number: string): boolean;
  denyPush(user: Pick<User, 'id'>, pushId: string, options: { report: boolean }): boolean;
  /** The service is done with a call or push: it cannot be used again. */
  finish(id: string): void;
  /** What this user's own phones and apps show right now, and nothing of anyone else's. */
  pendingFor(user: Pick<User, 'id'>): DeviceScreen;
  /**
   * The SMS inbox and mailbox: outbox messages to this user's registered phone numbers and addresses,
   * and to `alsoTo` (an address or number being registered, not yet a method).
   */
  inboxFor(
    user: Pick<User, 'id'>,
    registered: readonly AuthMethod[],
    alsoTo?: readonly { recipient: string; channel: OutboxChannel }[],
  ): OutboxMessage[];
}

interface PushRecord extends PendingPush {
  onReport: (() => void) | undefined;
}

export function createVirtualDevices(deps: { store: Store; clock: Clock; random: Random }): VirtualDevices {
  const newId = () => deps.random.bytes(16).toString('base64url');
  const calls = new Map<string, IncomingCall>();
  const pushes = new Map<string, PushRecord>();
  const now = () => deps.clock.now().getTime();
  const live = (item: { timesOutAt: Date }) => now() < item.timesOutAt.getTime();
  const forget = () => {
    for (const map of [calls, pushes] as const) {
      for (const [id, item] of map) if (item.timesOutAt.getTime() + keptForMs < now()) map.delete(id);
    }
  };
  const ringingCall = (user: Pick<User, 'id'>, callId: string) => {
    const call = calls.get(callId);
    return call && call.userId === user.id && call.status === 'ringing' && live(call) ? call : null;
  };
  const waitingPush = (user: Pick<User, 'id'>, pushId: string) => {
    const push = pushes.get(pushId);
    return push && push.userId === user.id && push.status.kind === 'waiting' && live(push) ? push : null;
  };
  const viewOfPush = ({ onReport: _onReport, ...push }: PushRecord): PendingPush => ({ ...push });

  return {
    ring(call) {
      forget();
      const incoming = { ...call, id: newId(), status: 'ringing' as const, timesOutAt: timeout(call.at) };
      calls.set(incoming.id, incoming);
      return { ...incoming };
    },
    call: (callId) => {
      const call = calls.get(callId);
      return call ? { ...call } : null;
    },
    confirmCall(user, callId) {
      const call = ringingCall(user, callId);
      if (call) call.status = 'confirmed';
      return call !== null;
    },
    declineCall(user, callId) {
      const call = ringingCall(user, callId);
      if (call) call.status = 'declined';
      return call !== null;
    },
    sendPush({ onReport, ...push }) {
      forget();
      const record: PushRecord = {
        ...push,
        id: newId(),
        status: { kind: 'waiting' },
        timesOutAt: timeout(push.at),
        onReport,
      };
      pushes.set(record.id, record);
      return viewOfPush(record);
    },
    push: (pushId) => {
      const push = pushes.get(pushId);
      return push ? viewOfPush(push) : null;
    },
    respondToPush(user, pushId, number) {
      const push = waitingPush(user, pushId);
      if (push) push.status = { kind: 'answered', number: number.trim() };
      return push !== null;
    },
    denyPush(user, pushId, { report }) {
      const push = waitingPush(user, pushId);
      if (!push) return false;
      push.status = { kind: 'denied', reported: report };
      if (report) push.onReport?.();
      return true;
    },
    finish(id) {
      calls.delete(id);
      pushes.delete(id);
    },
    pendingFor(user) {
      return {
        calls: [...calls.values()]
          .filter((c) => c.userId === user.id && c.status === 'ringing' && live(c))
          .map((c) => ({ ...c })),
        pushes: [...pushes.values()]
          .filter((p) => p.userId === user.id && p.status.kind === 'waiting' && live(p))
          .map(viewOfPush),
      };
    },
    inboxFor(user, registered, alsoTo = []) {
      const registeredBoxes = registered.flatMap((method): { recipient: string; channel: OutboxChannel }[] => {
        if (method.userId !== user.id) return [];
        if (method.kind === 'email') return [{ recipient: method.address, channel: 'email' }];
        if (method.kind === 'mobilePhone') return [{ recipient: method.phoneNumber, channel: 'sms' }];
        return [];
      });
      const boxes = [...registeredBoxes, ...alsoTo.filter((box) => box.channel === 'email' || box.channel === 'sms')];
      const messages = new Map<number, OutboxMessage>();
      for (const box of boxes) {
        for (const message of deps.store.outbox.list({ ...box, limit: inboxLimit })) messages.set(message.id, message);
      }
      return [...messages.values()].sort((a, b) => b.at.getTime() - a.at.getTime() || b.id - a.id).slice(0, inboxLimit);
    },
  };
}

function timeout(at: Date): Date {
  return new Date(at.getTime() + answerTimeoutMs);
}
