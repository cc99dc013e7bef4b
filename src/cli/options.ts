import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Action } from '../ability/portal-subject.js';
import { didYouMean } from '../base/names.js';
import { TABLE_PERMISSION_PRIVILEGES } from '../base/privilege.js';
import { UsageError } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses a command's arguments strictly; an unknown option or a missing value is a usage error. */
export function parseCommand<TOptions extends Options>(args: readonly string[], options: TOptions) {
  try {
    return parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A required option's value, or a usage error naming it. */
export function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new UsageError(`missing --${name}`);
  return value;
}

/** Exactly `count` positional arguments, named for the error message. */
export function positionals(values: readonly string[], names: readonly string[]): string[] {
  if (values.length !== names.length) {
    throw new UsageError(
      `expected ${names.map((name) => `<${name}>`).join(' ')}, got ${values.length} argument${values.length === 1 ? '' : 's'}`,
    );
  }
  return [...values];
}

/** Actions from repeated or comma-separated `--action` values, each checked against the privileges. */
export function actionsOf(values: readonly string[] | undefined, fallback: readonly Action[]): Action[] {
  const names = (values ?? [])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!(TABLE_PERMISSION_PRIVILEGES as readonly string[]).includes(name)) {
      throw new UsageError(`unknown action "${name}" (${didYouMean(name, TABLE_PERMISSION_PRIVILEGES)})`);
    }
  }
  return names.length === 0 ? [...fallback] : (names as Action[]);
}

/** One of the allowed values of `--format`. */
export function formatOf<const TFormat extends string>(
  value: string | undefined,
  formats: readonly TFormat[],
): TFormat {
  const format = value ?? formats[0]!;
  if (!(formats as readonly string[]).includes(format)) {
    throw new UsageError(`unknown --format "${format}"; use one of ${formats.join(', ')}`);
  }
  return format as TFormat;
}
