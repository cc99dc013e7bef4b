/** Which raw rules CASL would consider for (action, table): the same subject or `all`, the action or `manage`. */
export function rulesMatching<
  TRule extends { readonly action: string | readonly string[]; readonly subject?: unknown },
>(rules: readonly TRule[], action: string, table: string): TRule[] {
  const matching: TRule[] = [];
  for (const rule of rules) {
    // As CASL's rulesFor without a field: an inverted field rule (column security) takes away columns,
    // never rows, so a row check skips it.
    if (
      (rule as { inverted?: boolean }).inverted === true &&
      (rule as { fields?: unknown }).fields !== undefined
    )
      continue;
    const subjects = rule.subject;
    const actions = rule.action;
    const subjectMatches = Array.isArray(subjects)
      ? subjects.includes(table) || subjects.includes('all')
      : subjects === table || subjects === 'all' || subjects === undefined;
    if (!subjectMatches) continue;
    const actionMatches = Array.isArray(actions)
      ? actions.includes(action) || actions.includes('manage')
      : actions === action || actions === 'manage';
    if (actionMatches) matching.push(rule);
  }
  return matching;
}
