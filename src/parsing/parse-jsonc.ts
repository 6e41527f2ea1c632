import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { firstTooDeep, MAX_NESTING_DEPTH } from './nesting';
import { walkLiterals } from './literal-walk';
import { blankOtherWhitespace } from './unicode-whitespace';

/** jsonc-parser's ParseErrorCode values we treat specially (its enum is `const`). */
const UNEXPECTED_END_OF_STRING = 12;
const INVALID_CHARACTER = 16;

/** Stand-ins of one UTF-16 unit each, so offsets into the parsed text equal offsets into the file. */
const LF_STANDIN = '\uE00A';
const CR_STANDIN = '\uE00D';

export interface SyntaxProblem {
  message: string;
  offset: number;
  length: number;
}

export interface ParsedJson {
  root: Node | undefined;
  /** Empty when the text is something ARM would accept. */
  problems: SyntaxProblem[];
}

/**
 * Parses JSON the way ARM's template parser accepts it: comments, trailing
 * commas, a UTF-8 byte order mark, control characters and raw line breaks
 * inside string literals (published quickstart templates rely on the last).
 * Offsets in the returned tree are offsets into `text` itself.
 */
export function parseLenientJson(text: string): ParsedJson {
  const hasBom = text.charCodeAt(0) === 0xfeff;
  if (/^\s*$/.test(hasBom ? text.slice(1) : text)) {
    const what = text.length === 0 ? 'the file is empty' : hasBom && text.length === 1 ? 'the file holds only a byte order mark' : 'the file holds only white space';
    return { root: undefined, problems: [{ message: `Parsing error: ${what}`, offset: 0, length: 0 }] };
  }
  // jsonc-parser recurses per level: refuse absurd nesting before it can overflow the stack.
  const tooDeep = firstTooDeep(text);
  if (tooDeep >= 0) {
    return {
      root: undefined,
      problems: [{ message: `Parsing error: nesting deeper than ${MAX_NESTING_DEPTH} levels; armlint does not lint such files (real templates nest about 20 levels)`, offset: tooDeep, length: 1 }],
    };
  }
  // ARM's reader also skips Unicode whitespace between tokens (no-break space, ...): spaces here, one for one.
  let parseText = blankOtherWhitespace(hasBom ? ' ' + text.slice(1) : text);
  let errors: ParseError[] = [];
  let root = guardedParseTree(parseText, errors);
  if (root === STACK_EXHAUSTED) return exhausted();
  let restored = false;
  if (errors.some((e) => e.error === UNEXPECTED_END_OF_STRING)) {
    const protectedText = protectLineBreaksInStrings(parseText);
    if (protectedText !== parseText) {
      parseText = protectedText;
      errors = [];
      root = guardedParseTree(parseText, errors);
      if (root === STACK_EXHAUSTED) return exhausted();
      restored = true;
    }
  }
  if (restored && root) restoreLineBreaks(root);
  const problems = errors
    .filter((e) => e.error !== INVALID_CHARACTER)
    .map((e) => ({ message: describe(e), offset: e.offset, length: e.length }));
  return { root, problems };
}

const STACK_EXHAUSTED = Symbol('stack exhausted');

/** parseTree with ARM's leniency; a stack overflow (a backstop: firstTooDeep should prevent it) becomes a value. */
function guardedParseTree(text: string, errors: ParseError[]): Node | undefined | typeof STACK_EXHAUSTED {
  try {
    return parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  } catch (error) {
    if (error instanceof RangeError) return STACK_EXHAUSTED;
    throw error;
  }
}

function exhausted(): ParsedJson {
  return { root: undefined, problems: [{ message: 'Parsing error: the file nests too deeply to be parsed', offset: 0, length: 0 }] };
}

function describe(error: ParseError): string {
  const messages: Record<string, string> = {
    InvalidSymbol: 'Invalid symbol',
    InvalidNumberFormat: 'Invalid number format',
    PropertyNameExpected: 'Property name expected',
    ValueExpected: 'Value expected',
    ColonExpected: 'Colon expected',
    CommaExpected: 'Comma expected',
    CloseBraceExpected: "Closing brace '}' expected",
    CloseBracketExpected: "Closing bracket ']' expected",
    EndOfFileExpected: 'End of file expected',
    InvalidCommentToken: 'Invalid comment token',
    UnexpectedEndOfComment: 'Unterminated comment',
    UnexpectedEndOfString: 'Unterminated string',
    UnexpectedEndOfNumber: 'Unexpected end of number',
    InvalidUnicode: 'Invalid unicode escape',
    InvalidEscapeCharacter: 'Invalid escape character',
  };
  const code = printParseErrorCode(error.error);
  return `Parsing error: ${messages[code] ?? code}`;
}

/**
 * Replaces raw CR/LF characters that stand inside string literals with
 * private-use stand-ins of the same length. Comments and string escapes are
 * honoured; an unterminated string is left for the parser to report.
 */
function protectLineBreaksInStrings(text: string): string {
  const out: string[] = [];
  let last = 0;
  walkLiterals(text, {
    string(open, close) {
      for (let b = open + 1; b < close; b++) {
        const d = text.charCodeAt(b);
        if (d === 0x5c) b++;
        else if (d === 10 || d === 13) {
          out.push(text.slice(last, b), d === 10 ? LF_STANDIN : CR_STANDIN);
          last = b + 1;
        }
      }
    },
  });
  if (last === 0) return text;
  out.push(text.slice(last));
  return out.join('');
}

function restoreLineBreaks(root: Node): void {
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'string' && typeof node.value === 'string' && /[\uE00A\uE00D]/.test(node.value)) {
      (node as { value: string }).value = node.value.replace(/\uE00A/g, '\n').replace(/\uE00D/g, '\r');
    }
    if (node.children) for (const child of node.children) stack.push(child);
  }
}
