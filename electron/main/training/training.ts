// The training room's side of the device: the virtual phone, mailbox and authenticator of one user,
// and the training clock. Only when the device's training panel is on and the app is not a kiosk.
import { CallFailure } from '../../../shared/errors';
import type { TrainingDevices, TrainingState } from '../../../shared/training';
import type { TrainingClock } from '../clock';
import type { OutboxChannel, Store, User } from '../store';
import type { SecretBox } from '../vault/types';
import { totpNow, type VirtualDevices } from '../methods';

const totpPeriodSeconds = 30;

export function createTraining(deps: {
  store: Store;
  clock: TrainingClock;
  devices: VirtualDevices;
  secretBox: SecretBox;
  kiosk: boolean;
  /** Where a security-info registration in progress sent its code (§7): shown before it is registered. */
  pendingDelivery?: (userId: number) => { recipient: string; channel: OutboxChannel } | null;
}) {
  const enabled = () => !deps.kiosk && deps.store.device.get().trainingPanel;
  const requireEnabled = () => {
    if (!enabled()) throw new CallFailure('forbidden', 'The training panel is off on this device.');
  };

  function devicesOf(user: User): TrainingDevices {
    const registered = deps.store.methods.listForUser(user.id);
    const now = deps.clock.now();
    const screen = deps.devices.pendingFor(user);
    return {
      upn: user.upn,
      displayName: user.displayName,
      phones: registered.flatMap((method): TrainingDevices['phones'] =>
        method.kind === 'mobilePhone'
          ? [{ number: method.phoneNumber, kind: 'mobile' as const, extension: null }]
          : method.kind === 'officePhone'
            ? [{ number: method.phoneNumber, kind: 'office' as const, extension: method.extension }]
            : [],
      ),
      emails: registered.flatMap((method) => (method.kind === 'email' ? [method.address] : [])),
      inbox: deps.devices.inboxFor(user, registered, [deps.pendingDelivery?.(user.id) ?? []].flat()).map((message) => ({
        id: message.id,
        at: message.at.toISOString(),
        channel: message.channel,
        to: message.recipient,
        subject: message.subject,
        body: message.body,
      })),
      calls: screen.calls
        .filter((call) => call.status === 'ringing')
        .map((call) => ({
          id: call.id,
          dialled: call.dialled,
          caller: call.caller,
          timesOutAt: call.timesOutAt.toISOString(),
        })),
      pushes: screen.pushes
        .filter((push) => push.status.kind === 'waiting')
        .map((push) => ({
          id: push.id,
          tenantName: push.tenantName,
          upn: push.upn,
          timesOutAt: push.timesOutAt.toISOString(),
        })),
      authenticators: registered.flatMap((method) =>
        method.kind === 'authenticatorApp'
          ? [
              {
                methodId: method.id,
                deviceName: method.deviceName,
                code: totpNow(deps.secretBox.open(method.sealedSecret), now),
                secondsLeft: totpPeriodSeconds - (Math.floor(now.getTime() / 1000) % totpPeriodSeconds),
              },
            ]
          : [],
      ),
    };
  }

  function userOf(upn: string): User {
    const user = deps.store.users.byUpn(upn);
    if (!user) throw new CallFailure('not_found', 'There is no such user in this training tenant.');
    return user;
  }

  return {
    state(): TrainingState {
      return { enabled: enabled(), now: deps.clock.now().toISOString(), offsetMinutes: deps.clock.offsetMinutes };
    },
    devices(upn: string): TrainingDevices {
      requireEnabled();
      return devicesOf(userOf(upn));
    },
    answerCall(upn: string, callId: string, confirm: boolean): TrainingDevices {
      requireEnabled();
      const user = userOf(upn);
      if (confirm) deps.devices.confirmCall(user, callId);
      else deps.devices.declineCall(user, callId);
      return devicesOf(user);
    },
    respondToPush(
      upn: string,
      pushId: string,
      response: { number: string } | { deny: 'deny' | 'denyAndReport' },
    ): TrainingDevices {
      requireEnabled();
      const user = userOf(upn);
      if ('number' in response) deps.devices.respondToPush(user, pushId, response.number);
      else deps.devices.denyPush(user, pushId, { report: response.deny === 'denyAndReport' });
      return devicesOf(user);
    },
    advanceClock(minutes: number): TrainingState {
      requireEnabled();
      deps.clock.advance(minutes * 60_000);
      deps.store.audit.append({
        at: deps.clock.now(),
        actor: 'trainer',
        activity: 'deviceSettingChanged',
        result: 'success',
        reason: 'trainingClockAdvanced',
        deviceId: deps.store.device.get().deviceId,
        details: { minutes, offsetMinutes: deps.clock.offsetMinutes },
      });
      return this.state();
    },
  };
}

export type Training = ReturnType<typeof createTraining>;
