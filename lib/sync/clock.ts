/**
 * A hybrid logical clock: wall time when the device's clock is sane, a counter when several events
 * share a millisecond or a remote clock ran ahead; the device id breaks ties. Stamps are strings
 * that sort in causal-then-wall order: `<wall base36, 9>:<counter base36, 4>:<device>`.
 */
export class Clock {
  private wall = 0;
  private counter = 0;
  private readonly device: string;
  private readonly now: () => number;

  constructor(device: string, now: () => number = Date.now) {
    this.device = device;
    this.now = now;
  }

  /** A stamp later than every stamp this clock issued or observed. */
  tick(): string {
    const now = this.now();
    if (now > this.wall) {
      this.wall = now;
      this.counter = 0;
    } else this.counter++;
    return stamp(this.wall, this.counter, this.device);
  }

  /** Moves past a stamp seen from another device. */
  observe(remote: string): void {
    const parsed = parseStamp(remote);
    if (!parsed) return;
    if (parsed.wall > this.wall || (parsed.wall === this.wall && parsed.counter > this.counter)) {
      this.wall = parsed.wall;
      this.counter = parsed.counter;
    }
  }
}

export function stamp(wall: number, counter: number, device: string): string {
  return `${wall.toString(36).padStart(9, '0')}:${counter.toString(36).padStart(4, '0')}:${device}`;
}

export function parseStamp(value: string): { wall: number; counter: number; device: string } | null {
  const m = /^([0-9a-z]{9}):([0-9a-z]{4}):(.+)$/.exec(value);
  if (!m) return null;
  return {
    wall: Number.parseInt(m[1] as string, 36),
    counter: Number.parseInt(m[2] as string, 36),
    device: m[3] as string,
  };
}
