/**
 * A progress line for long runs ("armlint: 120/4025 files") on stderr,
 * redrawn in place and erased at the end. Only for a terminal: never when
 * stderr is piped or redirected, and never in CI (CI set), so logs stay clean.
 */
export interface ProgressOptions {
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  write: (text: string) => void;
  /** Fewer files than this finish too fast to need a progress line. */
  minFiles?: number;
  /** Redraw at most this often. */
  intervalMs?: number;
  now?: () => number;
}

export const PROGRESS_MIN_FILES = 50;

export class Progress {
  private lastDraw = -Infinity;
  private drawn = false;

  private constructor(
    private readonly total: number,
    private readonly options: ProgressOptions,
  ) {}

  static start(total: number, options: ProgressOptions): Progress | NoProgress {
    const ci = options.env.CI !== undefined && options.env.CI !== '' && options.env.CI !== 'false';
    if (!options.isTTY || ci || options.env.TERM === 'dumb' || total < (options.minFiles ?? PROGRESS_MIN_FILES)) return NO_PROGRESS;
    return new Progress(total, options);
  }

  update(done: number): void {
    const now = (this.options.now ?? Date.now)();
    if (done < this.total && now - this.lastDraw < (this.options.intervalMs ?? 100)) return;
    this.lastDraw = now;
    this.drawn = true;
    this.options.write(`\r\u001b[2Karmlint: ${done}/${this.total} files`);
  }

  done(): void {
    if (this.drawn) this.options.write('\r\u001b[2K');
    this.drawn = false;
  }
}

class NoProgress {
  update(): void {}
  done(): void {}
}

const NO_PROGRESS = new NoProgress();
