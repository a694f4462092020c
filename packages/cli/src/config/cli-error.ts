// The one kind of error the command prints as it is: a sentence saying what went wrong, why, and
// what to do, with the exit code it stands for.

/** Exit code of a command that failed: bad flags, bad input, an API or connection error. */
export const EXIT_ERROR = 1;

/** An error meant for the person at the terminal: its message is printed as it is, on one line. */
export class CliError extends Error {
  /** The process exit code this error ends the command with. */
  readonly exitCode: number;

  constructor(message: string, exitCode = EXIT_ERROR) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}
