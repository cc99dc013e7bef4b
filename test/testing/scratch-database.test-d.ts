import type { PGlite } from '@electric-sql/pglite';
import type Database from 'better-sqlite3';
import type { Client } from 'pg';
import { expectTypeOf, it } from 'vitest';
import type { DatabaseHandle } from '../../src/testing/index.js';

it('accepts the drivers’ own handles without adapters', () => {
  expectTypeOf<PGlite>().toExtend<DatabaseHandle>();
  expectTypeOf<Client>().toExtend<DatabaseHandle>();
  expectTypeOf<Database.Database>().toExtend<DatabaseHandle>();
});
