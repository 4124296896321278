/** The engine never reads the system time directly: tests and the training clock move this one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string = '2026-01-05T09:00:00Z') {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
}

/**
 * The training clock (§ issue 4): the device's time plus an offset a trainer moves forward, so a
 * room can watch a code expire or a block end without waiting. It never goes backwards.
 */
export class TrainingClock implements Clock {
  private offsetMs = 0;
  constructor(private readonly base: Clock) {}
  now(): Date {
    return new Date(this.base.now().getTime() + this.offsetMs);
  }
  advance(ms: number): void {
    if (ms > 0) this.offsetMs += ms;
  }
  get offsetMinutes(): number {
    return Math.round(this.offsetMs / 60_000);
  }
  /** The device's own time, without the trainer's offset. */
  baseNow(): Date {
    return this.base.now();
  }
  /** A new lab starts at the device's time (a scenario was loaded): the only way the offset goes back. */
  resetOffset(): void {
    this.offsetMs = 0;
  }
}
