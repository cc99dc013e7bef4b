import type { PolicyIndex } from '../../policy/policy.js';
import type { ValidUserPrincipal } from '../../principal/principal.js';
import type { Report } from '../../principal/reports-schema.js';

type Reports = NonNullable<ValidUserPrincipal['reports']>;

/** How a template leaves a user's reports open: a key part naming their shape, and the stand-in's reports. */
export interface ReportSlots {
  /** Equal for two users whose reports have the same number of ids per level (or that hierarchy ignores). */
  readonly key: string;
  /** The reports with placeholders in place of ids: built only when the template is compiled. */
  readonly standIn: () => Reports | undefined;
}

const NONE: ReportSlots = { key: '', standIn: () => undefined };

/**
 * Opens each report id as a placeholder (appended to `values`), so managers with as many reports per level
 * share one template. `undefined` when the user must compile alone: a report that is the user, a team or
 * listed twice is refused by the compiler, which a stand-in with placeholders would not see, and a report
 * listed with its unit, teams or state is judged by them.
 */
export function reportSlots(
  index: PolicyIndex,
  user: ValidUserPrincipal,
  values: string[],
  placeholder: (slot: number) => string,
): ReportSlots | undefined {
  const reports = user.reports;
  // Without hierarchy the reports grant nothing: every user shares the template of a user without them.
  if (reports === undefined || index.input.hierarchy === undefined) return NONE;
  const first = values.length;
  const seen = new Set<string>();
  const open = (ids: readonly Report[]): boolean => {
    for (let position = 0; position < ids.length; position++) {
      const id = ids[position]!;
      if (typeof id !== 'string' || id === user.id || index.teams.has(id) || seen.has(id)) return false;
      seen.add(id);
      values.push(id);
    }
    return true;
  };
  const { direct, indirect } = reports;
  if (direct !== undefined && !open(direct)) return undefined;
  let key = direct === undefined ? '-/' : `${direct.length}/`;
  if (indirect === undefined) key += '-';
  else {
    for (const level of indirect) {
      if (!open(level)) return undefined;
      key += `${level.length},`;
    }
  }
  const standIn = (): Reports => {
    let slot = first;
    const slots = (ids: readonly Report[]) => ids.map(() => placeholder(slot++));
    return {
      ...(direct === undefined ? {} : { direct: slots(direct) }),
      ...(indirect === undefined ? {} : { indirect: indirect.map(slots) }),
    };
  };
  return { key, standIn };
}
