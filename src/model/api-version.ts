/** The date part of an apiVersion (`2016-04-30-preview` → `2016-04-30`), or undefined if it has none. */
export function apiDate(apiVersion: string | undefined): string | undefined {
  return apiVersion?.trim().match(/^(\d{4}-\d{2}-\d{2})/)?.[1];
}

/** True when `apiVersion` is dated strictly before `date` (YYYY-MM-DD); previews count as their date. */
export function isOlderThan(apiVersion: string | undefined, date: string): boolean {
  const d = apiDate(apiVersion);
  return d !== undefined && d < date;
}

/** Compute VMs and scale sets accept `identity` from 2016-04-30-preview on. */
export const COMPUTE_IDENTITY_SINCE = '2016-04-30';
/** Compute VMs and scale sets take `userAssignedIdentities` as a dictionary from 2018-06-01 on. */
export const COMPUTE_IDENTITY_DICTIONARY_SINCE = '2018-06-01';

const COMPUTE_WITH_IDENTITY = new Set(['microsoft.compute/virtualmachines', 'microsoft.compute/virtualmachinescalesets']);
export function isComputeVmOrScaleSet(type: string | undefined): boolean {
  return type !== undefined && COMPUTE_WITH_IDENTITY.has(type.toLowerCase());
}
