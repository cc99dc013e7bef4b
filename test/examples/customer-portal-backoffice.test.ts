import { describe, expect, it } from 'vitest';
import { freshIds, usePortalApp } from './portal-app.js';

// PGlite by default; PORTAL_TEST_DATABASE_URL runs the same tests on a PostgreSQL server. Every user a test
// changes is created by that test with an id unique to the run, so a second run finds nothing in its way.
const fresh = freshIds('bo-');
const { run } = fresh;

const portal = usePortalApp();

function call(userId: string | undefined, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  return portal.app.inject({
    method,
    url,
    headers: userId ? { cookie: `portal_contact=${userId}` } : {},
    ...(payload === undefined ? {} : { payload }),
  });
}

/** Adds an internal user of `unit` (Sales by default) with the given roles, unlicensed and read-write. */
async function addUser(name: string, unit = 'sales', roles: string[] = []): Promise<string> {
  const id = fresh(name);
  await portal.db.query(
    'INSERT INTO internal_user (id, name, business_unit_id, security_roles) VALUES ($1, $2, $3, $4)',
    [id, `${name} (${run})`, unit, roles],
  );
  return id;
}

async function userRow(id: string) {
  const { rows } = await portal.db.query(
    'SELECT security_roles, licensed, access_mode FROM internal_user WHERE id = $1',
    [id],
  );
  return rows[0];
}

async function auditFor(targetId: string) {
  const { rows } = await portal.db.query(
    'SELECT actor_id, type, outcome, message FROM audit_event WHERE target_id = $1 ORDER BY id',
    [targetId],
  );
  return rows;
}

type UserJson = {
  id: string;
  businessUnitId: string;
  securityRoles: string[];
  teams: string[];
  accessMode: string;
  licensed: boolean;
};

describe('the back office users API, per persona', () => {
  it('the user administrator lists the users of her units with roles, teams, unit, access mode and licence', async () => {
    const response = await call('uma', 'GET', '/api/admin/users');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as {
      users: UserJson[];
      seatPool: { seats: number; inUse: number; shortfall: number };
      nonInteractive: { used: number; limit: number };
    };
    const ids = body.users.map((user) => user.id);
    expect(ids).toEqual(expect.arrayContaining(['sal', 'ben', 'nia', 'ola', 'sync-1']));
    // Support is outside her units, and she holds an administrative role herself.
    expect(ids).not.toContain('sue');
    expect(ids).not.toContain('uma');
    expect(body.users.find((user) => user.id === 'sal')).toMatchObject({
      businessUnitId: 'sales-eu',
      securityRoles: ['Salesperson'],
      teams: ['sales-eu-team'],
      accessMode: 'read-write',
      licensed: true,
    });
    expect(body.nonInteractive.limit).toBe(7);
    expect(body.seatPool.seats).toBeGreaterThanOrEqual(0);
  });

  it('a salesperson is refused the users API as a non-administrator, a visitor is asked to sign in', async () => {
    const refused = await call('sal', 'GET', '/api/admin/users');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: 'not_an_administrator' });
    const visitor = await call(undefined, 'GET', '/api/admin/users');
    expect(visitor.statusCode).toBe(401);
    expect(visitor.json()).toMatchObject({ error: 'sign_in_required' });
    const target = await addUser('salesperson-target');
    const assign = await call('sal', 'POST', `/api/admin/users/${target}/security-roles/assign`, {
      role: 'Salesperson',
    });
    expect(assign.statusCode).toBe(403);
    expect((await userRow(target))?.security_roles).toEqual([]);
  });

  it('the user administrator assigns a role she holds no less than, and removes it, each audited', async () => {
    const target = await addUser('assignee');
    const assigned = await call('uma', 'POST', `/api/admin/users/${target}/security-roles/assign`, {
      role: 'Salesperson',
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect((await userRow(target))?.security_roles).toEqual(['Salesperson']);
    const removed = await call('uma', 'POST', `/api/admin/users/${target}/security-roles/remove`, {
      role: 'Salesperson',
    });
    expect(removed.statusCode, removed.body).toBe(200);
    expect((await userRow(target))?.security_roles).toEqual([]);
    expect(await auditFor(target)).toMatchObject([
      { actor_id: 'uma', outcome: 'accepted' },
      { actor_id: 'uma', outcome: 'accepted' },
    ]);
  });

  it('a role granting more than the administrator holds is refused with the library explanation, and only the refusal is written', async () => {
    const target = await addUser('elevated', 'sales', ['Salesperson']);
    const response = await call('uma', 'POST', `/api/admin/users/${target}/security-roles/assign`, {
      role: 'Order administrator',
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({
      error: 'privilege_elevation',
      message: expect.stringContaining('role "Order administrator" grants'),
    });
    expect((await userRow(target))?.security_roles).toEqual(['Salesperson']);
    expect(await auditFor(target)).toEqual([
      {
        actor_id: 'uma',
        type: 'securityRole.assigned',
        outcome: 'refused',
        message: expect.stringContaining('Order administrator'),
      },
    ]);
  });

  it('a missing or unknown role is a 400 naming the role field', async () => {
    const target = await addUser('bad-role');
    for (const payload of [{}, { role: 'Chief of everything' }]) {
      const response = await call('uma', 'POST', `/api/admin/users/${target}/security-roles/assign`, payload);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toMatchObject({ field: 'role' });
    }
  });

  it('a user outside her units and a user who does not exist both answer the same 404', async () => {
    const outside = await addUser('supporter', 'support');
    const answers = [];
    for (const id of [outside, fresh('nobody')]) {
      const response = await call('uma', 'POST', `/api/admin/users/${id}/security-roles/assign`, {
        role: 'Salesperson',
      });
      expect(response.statusCode).toBe(404);
      answers.push((response.json() as { error: string }).error);
      expect((await call('uma', 'GET', `/api/admin/users/${id}`)).statusCode).toBe(404);
    }
    expect(answers).toEqual(['not_found', 'not_found']);
    expect((await userRow(outside))?.security_roles).toEqual([]);
  });
});

describe('licences from the seat pool', () => {
  it('the last seat goes to one user; the next assignment is refused with the missing count', async () => {
    const first = await addUser('seat-1');
    const second = await addUser('seat-2');
    const before = (await call('uma', 'GET', '/api/admin/users')).json() as {
      seatPool: { inUse: number };
    };
    // Exactly one seat left, whatever earlier runs on a shared server licensed.
    await portal.db.query('UPDATE licence_pool SET seats = $1 WHERE id = 1', [before.seatPool.inUse + 1]);

    const granted = await call('uma', 'POST', `/api/admin/users/${first}/licence/assign`);
    expect(granted.statusCode, granted.body).toBe(200);
    expect((await userRow(first))?.licensed).toBe(true);

    const refused = await call('uma', 'POST', `/api/admin/users/${second}/licence/assign`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      error: 'licence_pool_exhausted',
      message: expect.stringMatching(/1/),
    });
    expect((await userRow(second))?.licensed).toBe(false);
    const after = (await call('uma', 'GET', '/api/admin/users')).json() as {
      seatPool: { seats: number; inUse: number; shortfall: number };
    };
    expect(after.seatPool.inUse).toBe(after.seatPool.seats);
    expect(after.seatPool.shortfall).toBeGreaterThanOrEqual(1);

    const released = await call('uma', 'POST', `/api/admin/users/${first}/licence/remove`);
    expect(released.statusCode).toBe(200);
    expect((await call('uma', 'POST', `/api/admin/users/${second}/licence/assign`)).statusCode).toBe(200);
  });
  it('parallel assignments of the last seat give it to exactly one user', async () => {
    const candidates = await Promise.all([1, 2, 3, 4].map((n) => addUser(`racer-${n}`)));
    const before = (await call('uma', 'GET', '/api/admin/users')).json() as { seatPool: { inUse: number } };
    await portal.db.query('UPDATE licence_pool SET seats = $1 WHERE id = 1', [before.seatPool.inUse + 1]);
    const responses = await Promise.all(
      candidates.map((id) => call('uma', 'POST', `/api/admin/users/${id}/licence/assign`)),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 403, 403, 403]);
    const { rows } = await portal.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM internal_user WHERE id = ANY($1) AND licensed',
      [candidates],
    );
    expect(rows[0]?.n).toBe(1);
  });
});

describe('access modes and the limit of 7 non-interactive users', () => {
  it('an unknown access mode is a 400 naming the accessMode field', async () => {
    const target = await addUser('mode');
    const response = await call('uma', 'PUT', `/api/admin/users/${target}/access-mode`, {
      accessMode: 'robot',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ field: 'accessMode' });
  });

  it('parallel changes to non-interactive never take more than 7 places', async () => {
    // Earlier runs' users on a shared server give their places back first.
    await portal.db.query("UPDATE internal_user SET access_mode = 'read-write' WHERE id LIKE 'bo-%'");
    const { rows } = await portal.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM internal_user WHERE access_mode = 'non-interactive' AND user_type <> 'application'",
    );
    const free = 7 - (rows[0]?.n ?? 0);
    expect(free).toBeGreaterThan(0);
    const candidates = await Promise.all(
      Array.from({ length: free + 4 }, (_, index) => addUser(`robot-${index}`)),
    );
    const responses = await Promise.all(
      candidates.map((id) =>
        call('uma', 'PUT', `/api/admin/users/${id}/access-mode`, { accessMode: 'non-interactive' }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 200)).toHaveLength(free);
    expect(statuses.filter((status) => status === 403)).toHaveLength(4);
    for (const response of responses.filter((candidate) => candidate.statusCode === 403)) {
      expect(response.json()).toMatchObject({ error: 'non_interactive_limit' });
    }
    const after = await portal.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM internal_user WHERE access_mode = 'non-interactive' AND user_type <> 'application'",
    );
    expect(after.rows[0]?.n).toBe(7);
    await portal.db.query("UPDATE internal_user SET access_mode = 'read-write' WHERE id LIKE 'bo-%'");
  });
});

describe('the back office orders, filtered by security roles', () => {
  type OrderJson = { id: string; grantedBy: { label: string; via?: string }[] };
  const ordersOf = async (who: string) => {
    const response = await call(who, 'GET', '/api/back-office/orders');
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { orders: OrderJson[] }).orders.filter((order) => /^SO-\d$/.test(order.id));
  };

  it('a salesperson reads only the orders he owns', async () => {
    expect((await ordersOf('ben')).map((order) => order.id)).toEqual(['SO-2']);
  });

  it('a salesperson in a team reads the orders she owns', async () => {
    expect((await ordersOf('sal')).map((order) => order.id)).toEqual(['SO-1']);
  });

  it('a sales manager reads the orders of her unit and the unit below, each with the role that grants it', async () => {
    const orders = await ordersOf('uma');
    expect(orders.map((order) => order.id).sort()).toEqual(['SO-1', 'SO-2']);
    for (const order of orders) {
      expect(order.grantedBy.map((grant) => `${grant.label} ${grant.via ?? ''}`).join(' ')).toContain(
        'Sales manager',
      );
    }
  });

  it('a support agent reads every order', async () => {
    expect((await ordersOf('sue')).map((order) => order.id).sort()).toEqual(['SO-1', 'SO-2', 'SO-3']);
  });

  it('a portal contact is refused the back office orders', async () => {
    const response = await call('jane', 'GET', '/api/back-office/orders');
    expect(response.statusCode).toBe(403);
  });
});

describe('the portal pages and the back office', () => {
  it('a member of staff opening a portal page is sent to the back office, never back to the sign-in page', async () => {
    for (const url of ['/', '/orders', '/terms']) {
      const response = await call('uma', 'GET', url);
      expect([response.statusCode, response.headers.location], url).toEqual([303, '/back-office/orders']);
    }
    const landing = await call('uma', 'GET', '/back-office/orders');
    expect(landing.statusCode).toBe(200);
  });
});
