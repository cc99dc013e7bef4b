import { readFileSync } from 'node:fs';
import { PortalPermissionsError } from '../base/errors.js';

/** Exit codes of the command line, documented in docs/cli.md. */
export const EXIT = { ok: 0, invalidOrDenied: 1, usage: 2 } as const;

/** Where the command line writes; injected so the commands stay testable. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** A command line used wrongly (unknown option, missing file): exit code 2. */
export class UsageError extends PortalPermissionsError {
  override readonly name: string = 'UsageError';
  constructor(message: string) {
    super('usage_error', message);
  }
}

/** An input file that is not what the command expects (bad JSON, wrong shape): exit code 1. */
export class InputError extends PortalPermissionsError {
  override readonly name: string = 'InputError';
  constructor(file: string, message: string) {
    super('invalid_input', `${file}: ${message}`);
  }
}

/** Reads and parses a JSON file: a missing file is a usage error, invalid JSON an input error. */
export function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(file, `not valid JSON (${(error as Error).message})`);
  }
}
