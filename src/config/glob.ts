/**
 * The `ignores` globs of a config, matched against a path relative to the
 * config's folder (forward slashes): `*` and `?` within a segment, `**`
 * across segments, `[abc]`, `{a,b}`. A pattern without a slash matches at any
 * depth (like .gitignore); a pattern that matches a folder ignores what is
 * inside it. A leading `./` or `/` anchors to the config's folder.
 */
export function compileIgnores(patterns: string[]): (relativePath: string) => boolean {
  const regexes = patterns.map(globToRegExp);
  return (relativePath) => {
    const p = relativePath.split('\\').join('/');
    if (p.startsWith('../')) return false;
    const segments = p.split('/');
    // The path itself or any folder above it.
    for (let i = segments.length; i >= 1; i--) {
      const candidate = segments.slice(0, i).join('/');
      if (regexes.some((r) => r.test(candidate))) return true;
    }
    return false;
  };
}

export function globToRegExp(pattern: string): RegExp {
  let p = pattern.trim().replace(/\/+$/, '');
  const anchored = p.startsWith('/') || p.startsWith('./') || p.replace(/^\*\*\//, '').includes('/');
  p = p.replace(/^\.?\//, '');
  let out = '';
  let i = 0;
  let braces = 0;
  while (i < p.length) {
    const c = p[i];
    if (c === '*' && p[i + 1] === '*') {
      const atSegmentStart = i === 0 || p[i - 1] === '/';
      const atSegmentEnd = i + 2 === p.length || p[i + 2] === '/';
      if (atSegmentStart && atSegmentEnd) {
        if (i + 2 === p.length) out += '.*';
        else out += '(?:.*/)?';
        i += i + 2 === p.length ? 2 : 3;
        continue;
      }
      out += '[^/]*';
      i += 2;
    } else if (c === '*') {
      out += '[^/]*';
      i++;
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '[') {
      const close = p.indexOf(']', i + 1);
      if (close < 0) {
        out += '\\[';
        i++;
      } else {
        let body = p.slice(i + 1, close).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = '^' + body.slice(1);
        out += `[${body}]`;
        i = close + 1;
      }
    } else if (c === '{') {
      braces++;
      out += '(?:';
      i++;
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
      i++;
    } else if (c === ',' && braces > 0) {
      out += '|';
      i++;
    } else {
      out += c.replace(/[.+^$()|\\]/g, '\\$&');
      i++;
    }
  }
  while (braces-- > 0) out += ')';
  return new RegExp(anchored ? `^${out}$` : `^(?:.*/)?${out}$`);
}
