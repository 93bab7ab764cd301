// Conditions a slide of the deck definition can be shown under (`when:` in
// templates/deck.yaml), one entry each: a quarter without a revision of targets
// shows "targets unchanged" instead of the revision bridges.
import type { Data } from '../data/schema.js';

/** Were the full-year targets revised this period (a factor, or a new figure that differs from the previous)? */
function targetsRevised(data: Data): boolean {
  const fy = data.targets.full_year;
  return [fy.revenues, fy.operating_income].some((b) => b.factors.length > 0 || b.new !== b.previous);
}

export const CONDITIONS = {
  'targets-revised': targetsRevised,
  'targets-unchanged': (data: Data) => !targetsRevised(data),
} satisfies Record<string, (data: Data) => boolean>;

export type ConditionName = keyof typeof CONDITIONS;
export const CONDITION_NAMES = Object.keys(CONDITIONS) as [ConditionName, ...ConditionName[]];
