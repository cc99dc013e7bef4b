import type { Action } from '../ability/portal-subject.js';

/** How often the reference allowed one action over the decisions a differential checked. */
export interface AllowRate {
  /** Decisions of the action, and how many the reference allowed. */
  readonly decided: number;
  readonly allowed: number;
  /** The decisions where the principal held a grant of the action on the record's table, and how many allowed. */
  readonly held: number;
  readonly allowedWhereHeld: number;
}

type Counts = { -readonly [K in keyof AllowRate]: number };

/**
 * Counts the reference's answers per action, so a differential can prove it is not vacuous: agreeing on
 * "no" alone proves nothing about the grants. A grant held but never met (no record ever in scope) is as
 * vacuous as no grant, so the minimum is judged where a grant is held.
 */
export class AllowTally {
  readonly #rates = new Map<string, Counts>();

  /** Counts one decision of `action`; `held` when the principal holds a grant of it on the table. */
  record(action: Action, allowed: boolean, held: boolean): void {
    let rate = this.#rates.get(action);
    if (rate === undefined) {
      rate = { decided: 0, allowed: 0, held: 0, allowedWhereHeld: 0 };
      this.#rates.set(action, rate);
    }
    rate.decided += 1;
    if (allowed) rate.allowed += 1;
    if (held) rate.held += 1;
    if (held && allowed) rate.allowedWhereHeld += 1;
  }

  /** The counts so far, by action. */
  rates(): ReadonlyMap<string, AllowRate> {
    return this.#rates;
  }

  /** One line per action: `read 1234/5678 (21.7%; 52.0% where held)`. */
  describe(): string {
    return [...this.#rates]
      .map(
        ([action, rate]) =>
          `${action} ${rate.allowed}/${rate.decided} (${percent(rate.allowed, rate.decided)}; ` +
          `${percent(rate.allowedWhereHeld, rate.held)} where held)`,
      )
      .join(', ');
  }

  /**
   * What falls short, one line per action of `actions`: never allowed at all, or allowed in fewer than
   * `minimum` (0 to 1) of the decisions where a grant of it was held. Empty when the run means something.
   * With `minimumHeld`, an action held in fewer decisions than that is not judged (a short random run may
   * hold a rare grant a few times only), but the run must still allow something: one action at least is judged
   * and passes.
   */
  belowMinimum(actions: readonly Action[], minimum: number, { minimumHeld = 0 } = {}): string[] {
    const judged = actions.filter((action) => (this.#rates.get(action)?.held ?? 0) >= minimumHeld);
    if (judged.length === 0) return [`no action was held in ${minimumHeld} decisions or more`];
    return judged.flatMap((action) => {
      const rate = this.#rates.get(action);
      if (rate === undefined || rate.allowed === 0) return [`${action}: never allowed`];
      return rate.allowedWhereHeld / rate.held < minimum
        ? [
            `${action}: allowed in ${percent(rate.allowedWhereHeld, rate.held)} of ${rate.held} decisions where held`,
          ]
        : [];
    });
  }
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`;
}

/** Whether `ability` holds a grant of `action` on `table` at all (a rule that is not a denial). */
export function holdsGrant(
  ability: { rulesFor(action: string, subject: string): readonly { inverted?: boolean }[] },
  action: string,
  table: string,
): boolean {
  return ability.rulesFor(action, table).some((rule) => rule.inverted !== true);
}
