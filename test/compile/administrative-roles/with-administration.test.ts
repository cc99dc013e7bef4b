import { describe, expect, it } from 'vitest';
import { abilityFor } from '../../../src/index.js';
import { administrationPolicy } from '../../fixtures/administration.js';

describe('administrative rules beside the data rules', () => {
  it('a visitor administers nobody: its ability holds data rules only', () => {
    const ability = abilityFor(administrationPolicy, { kind: 'anonymous' });
    expect(ability.can('blockSignIn', 'user')).toBe(false);
    for (const rule of ability.portalRules) expect(rule.provenance.kind).not.toBe('administrativeRole');
  });
});
