// Injectable time. Production uses the system clock; tests move a FakeClock and never sleep.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class FakeClock implements Clock {
  private t: number;
  constructor(start: Date | string = '2026-06-01T00:00:00Z') {
    this.t = new Date(start).getTime();
  }
  now() {
    return new Date(this.t);
  }
  set(at: Date | string) {
    this.t = new Date(at).getTime();
  }
  advance(ms: number) {
    this.t += ms;
  }
  advanceMinutes(m: number) {
    this.advance(m * 60_000);
  }
  advanceDays(d: number) {
    this.advance(d * 86_400_000);
  }
}
