/**
 * A fixable finding's message says what `--fix` will do after this marker;
 * when the verification gate refuses the fix, that part is replaced by why.
 */
export const FIX_PLAN = ' --fix: ';

export function withFixPlan(message: string, effects: string[]): string {
  return `${message}${FIX_PLAN}${effects.join('; ')}.`;
}

/** The message without what `--fix` will do. */
export function withoutFixPlan(message: string): string {
  const cut = message.indexOf(FIX_PLAN);
  return cut >= 0 ? message.slice(0, cut) : message;
}

/** The message of a finding whose fix the gate refused: the plan gives way to the verifier's reasons. */
export function refusedFixMessage(message: string, problems: string[]): string {
  return `${withoutFixPlan(message)} Not fixed automatically: the fixed template failed verification (${problems.join('; ')}).`;
}
