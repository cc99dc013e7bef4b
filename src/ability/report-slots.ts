import type { PolicyIndex } from '../policy/policy.js';
import type { ValidUserPrincipal } from '../principal/principal.js';

type Reports = NonNullable<ValidUserPrincipal['reports']>;

/** How a template leaves a user's reports open: a key part naming their shape, and the stand-in's reports. */
export interface ReportSlots {
  /** Equal for two users whose reports have the same number of ids per level (or that hierarchy ignores). */
  readonly key: string;
  readonly standIn: Reports | undefined;
}

/**
 * Opens each report id as a placeholder (appended to `values`), so managers with as many reports per level
 * share one template. `undefined` when the user must compile alone: a report that is the user or a team is
 * refused by the compiler, which a stand-in with placeholders would not see.
 */
export function reportSlots(
  index: PolicyIndex,
  user: ValidUserPrincipal,
  values: string[],
  placeholder: (slot: number) => string,
): ReportSlots | undefined {
  const reports = user.reports;
  // Without hierarchy the reports grant nothing: every user shares the template of a user without them.
  if (reports === undefined || index.input.hierarchy === undefined) return { key: '', standIn: undefined };
  const open = (ids: readonly string[]): string[] | undefined => {
    const slots: string[] = new Array(ids.length);
    for (let position = 0; position < ids.length; position++) {
      const id = ids[position]!;
      if (id === user.id || index.teams.has(id)) return undefined;
      slots[position] = placeholder(values.push(id) - 1);
    }
    return slots;
  };
  const direct = reports.direct === undefined ? undefined : open(reports.direct);
  if (reports.direct !== undefined && direct === undefined) return undefined;
  let indirect: string[][] | undefined;
  if (reports.indirect !== undefined) {
    indirect = [];
    for (const level of reports.indirect) {
      const slots = open(level);
      if (slots === undefined) return undefined;
      indirect.push(slots);
    }
  }
  const key = `${direct === undefined ? '-' : direct.length}/${indirect === undefined ? '-' : indirect.map((level) => level.length).join(',')}`;
  return {
    key,
    standIn: {
      ...(direct === undefined ? {} : { direct }),
      ...(indirect === undefined ? {} : { indirect }),
    },
  };
}
