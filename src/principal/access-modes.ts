import type { TableDefinition } from '../policy/table.js';
import type { AccessMode } from './user.js';

/** What an access mode allows: whether it needs a licence and an API session, and which grants it keeps. */
export interface AccessModeDefinition {
  readonly requiresLicence: boolean;
  /** Only API (non-interactive) sessions may act. */
  readonly apiOnly: boolean;
  /** Every privilege survives: the compiler skips filtering. */
  readonly keepsEverything: boolean;
  /** Whether a privilege on a table survives this mode. */
  readonly keeps: (privilege: string, table: TableDefinition) => boolean;
  /** What the mode keeps, for explanations of what it took away (`read only`). */
  readonly keepsWhat: string;
}

/** Every access mode, by name: the compiler and the gates read this registry and never branch on a mode. */
export const accessModes: Readonly<Record<AccessMode, AccessModeDefinition>> = {
  'read-write': {
    requiresLicence: true,
    apiOnly: false,
    keepsEverything: true,
    keeps: () => true,
    keepsWhat: 'every privilege',
  },
  read: {
    requiresLicence: true,
    apiOnly: false,
    keepsEverything: false,
    keeps: (privilege) => privilege === 'read',
    keepsWhat: 'read only',
  },
  // Settings and administration only: no business data (SPEC 2.6).
  administrative: {
    requiresLicence: false,
    apiOnly: false,
    keepsEverything: false,
    keeps: (_, table) => table.settings === true,
    keepsWhat: 'settings tables only',
  },
  'non-interactive': {
    requiresLicence: false,
    apiOnly: true,
    keepsEverything: true,
    keeps: () => true,
    keepsWhat: 'every privilege',
  },
};
