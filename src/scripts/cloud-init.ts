import type { Segment } from '../commands/segment';

/**
 * A cloud-config file read as the shell commands it runs: YAML list markers
 * (`- `) and keys (`runcmd:`) are blanked, so `- curl ...` and
 * `- |` blocks are shell lines at their own positions. A file that is a
 * script (`#!`) is left as it is.
 */
export function cloudInitCommands(segment: Segment): Segment {
  if (!/^\s*#cloud-config/.test(segment.text)) return segment;
  const text = segment.text.replace(/^([ \t]*)((?:- +)+|[\w-]+:(?=[ \t]|$)[ \t]*(?:[|>][-+]?)?)/gm, (_, indent: string, marker: string) => indent + ' '.repeat(marker.length));
  return { ...segment, text };
}
