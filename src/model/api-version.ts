/** The date part of an apiVersion (`2016-04-30-preview` → `2016-04-30`), or undefined if it has none. */
export function apiDate(apiVersion: string | undefined): string | undefined {
  return apiVersion?.trim().match(/^(\d{4}-\d{2}-\d{2})/)?.[1];
}

/** True when `apiVersion` is dated strictly before `date` (YYYY-MM-DD); previews count as their date. */
export function isOlderThan(apiVersion: string | undefined, date: string): boolean {
  const d = apiDate(apiVersion);
  return d !== undefined && d < date;
}

export function isPreview(apiVersion: string): boolean {
  return /-preview$/i.test(apiVersion.trim());
}

/** Orders apiVersions by date; on the same date a preview comes before its GA version (it ships first). */
export function compareApiVersions(a: string, b: string): number {
  const dateA = apiDate(a);
  const dateB = apiDate(b);
  // Two dates (same digits-and-dashes shape) order as plain strings; localeCompare, whose first call sets up ICU
  // collation (a tenth of a small run's lint), is left for ordering what is not a date.
  const byDate = dateA !== undefined && dateB !== undefined ? (dateA < dateB ? -1 : dateA > dateB ? 1 : 0) : (dateA ?? a).localeCompare(dateB ?? b);
  if (byDate !== 0) return byDate;
  return Number(isPreview(b)) - Number(isPreview(a));
}

/** Compute VMs and scale sets take `userAssignedIdentities` as a dictionary from 2018-06-01 on. */
export const COMPUTE_IDENTITY_DICTIONARY_SINCE = '2018-06-01';

const COMPUTE_WITH_IDENTITY = new Set(['microsoft.compute/virtualmachines', 'microsoft.compute/virtualmachinescalesets']);
export function isComputeVmOrScaleSet(type: string | undefined): boolean {
  return type !== undefined && COMPUTE_WITH_IDENTITY.has(type.toLowerCase());
}
