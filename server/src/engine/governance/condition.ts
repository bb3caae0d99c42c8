// menace's rule conditions (governance rules, deployment_policy optional_conditions) are Python
// expressions that menace runs through `_safe_eval`: a whitelisted subset of Python's AST. ProdGate
// has to check and evaluate them without Python, and must never hand user text to a JavaScript
// evaluator, so this module is a self-contained tokenizer, recursive-descent parser and tree-walking
// evaluator for exactly that subset.
//
// Deliberate differences from CPython, documented rather than emulated:
// - Numbers are JavaScript numbers. Python ints are arbitrary precision; here integers beyond 2**53
//   lose precision, and int-vs-float is inferred from the value (`Number.isInteger`), so `4 / 2`
//   yields 2 (Python: 2.0, which compares equal), `1 is 1.0` is True, and a whole float such as 1.0
//   is named 'int' in error messages.
// - `**` that overflows, string repetition and concatenation beyond MAX_STRING_LENGTH, and `%` on
//   strings (printf-style formatting) are errors instead of huge results or formatting.
// - A negative base with a fractional exponent is an error (Python returns a complex number, which
//   the condition language has no use for).
// - Offsets are UTF-16 code-unit indices into the condition text, as editors and the rest of
//   ProdGate count them.

export interface ConditionError {
  message: string;
  offset: number;
  length: number;
}

export type PyValue = number | string | boolean | null;

type ArithmeticOperator = '+' | '-' | '*' | '/' | '//' | '%' | '**';
type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'is' | 'is not' | 'in' | 'not in';
type UnaryOperator = '+' | '-' | 'not';

interface NodeSpan {
  offset: number;
  length: number;
}

export type Condition =
  | (NodeSpan & { kind: 'constant'; value: PyValue })
  | (NodeSpan & { kind: 'name'; name: string })
  | (NodeSpan & { kind: 'unary'; operator: UnaryOperator; operand: Condition })
  | (NodeSpan & { kind: 'binary'; operator: ArithmeticOperator; left: Condition; right: Condition })
  | (NodeSpan & { kind: 'boolean'; operator: 'and' | 'or'; operands: Condition[] })
  | (NodeSpan & { kind: 'compare'; left: Condition; comparisons: { operator: ComparisonOperator; right: Condition }[] });

/** Longer conditions are rejected before tokenizing, which also bounds every later pass. */
const MAX_CONDITION_LENGTH = 4096;
/** Parentheses, unary operators and `**` right operands nest the parser's recursion; cap it. */
const MAX_CONDITION_NESTING = 64;
/** Keeps `'a' * 10**9` and repeated concatenation from exhausting memory. */
const MAX_STRING_LENGTH = 1_000_000;

// ---------------------------------------------------------------------------------------------
// Tokenizer

type TokenKind = 'name' | 'number' | 'string' | 'operator' | 'end';

interface Token {
  kind: TokenKind;
  /** The source text of the token (for strings: the decoded value lives in `value`). */
  text: string;
  offset: number;
  length: number;
  value?: number | string;
}

/** Thrown inside the parser and turned into a ConditionError at the API boundary. */
class ConditionSyntaxError {
  constructor(
    readonly message: string,
    readonly offset: number,
    readonly length: number,
  ) {}
}

// Python keywords that are not part of the condition language; as names they are syntax errors.
const FOREIGN_KEYWORDS = new Set([
  'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'lambda', 'nonlocal', 'pass', 'raise', 'return',
  'try', 'while', 'with', 'yield',
]);

const BITWISE_OPERATORS = new Set(['&', '|', '^', '~', '<<', '>>']);

const IDENTIFIER = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const IDENTIFIER_CHARACTER = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]/u;
const DIGITS = String.raw`\d(?:_?\d)*`;
const EXPONENT = String.raw`[eE][+-]?${DIGITS}`;
const FLOAT_LITERAL = new RegExp(
  String.raw`(?:${DIGITS})?\.${DIGITS}(?:${EXPONENT})?|${DIGITS}\.(?:${EXPONENT})?|${DIGITS}${EXPONENT}`,
  'y',
);
const PREFIXED_INTEGER_LITERAL = /0(?:[xX](?:_?[0-9a-fA-F])+|[oO](?:_?[0-7])+|[bB](?:_?[01])+)/y;
const DECIMAL_INTEGER_LITERAL = new RegExp(DIGITS, 'y');
const STRING_PREFIX = /^(?:[rRuUfFbBtT]|[rR][bBfFtT]|[bBfFtT][rR])$/;

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

function describeCharacter(character: string): string {
  const codePoint = character.codePointAt(0) ?? 0;
  if (codePoint < 0x21 || (codePoint >= 0x7f && codePoint <= 0xa0)) {
    return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `'${character}'`;
}

/**
 * Produces tokens on demand so that the leftmost problem is reported: a parse error early in the
 * text wins over an illegal character later on.
 */
class Tokenizer {
  private position = 0;
  /** Python ignores line breaks only inside brackets; outside them a break ends the expression. */
  private bracketDepth = 0;

  constructor(private readonly text: string) {}

  next(): Token {
    this.skipTrivia();
    const { text } = this;
    const start = this.position;
    if (start >= text.length) return { kind: 'end', text: '', offset: text.length, length: 0 };
    const character = text[start]!;

    if (/\d/.test(character) || (character === '.' && /\d/.test(text[start + 1] ?? ''))) {
      return this.number(start);
    }
    IDENTIFIER.lastIndex = start;
    const identifier = IDENTIFIER.exec(text);
    if (identifier) {
      const word = identifier[0];
      const quote = text[start + word.length];
      if ((quote === "'" || quote === '"') && STRING_PREFIX.test(word)) return this.string(start, word);
      this.position = start + word.length;
      return { kind: 'name', text: word, offset: start, length: word.length };
    }
    if (character === "'" || character === '"') return this.string(start, '');
    return this.operator(start);
  }

  private skipTrivia(): void {
    const { text } = this;
    while (this.position < text.length) {
      const character = text[this.position]!;
      if (character === ' ' || character === '\t' || character === '\f') {
        this.position++;
      } else if (character === '#') {
        while (this.position < text.length && text[this.position] !== '\n' && text[this.position] !== '\r') {
          this.position++;
        }
      } else if (character === '\\' && /^(?:\r\n|\r|\n)/.test(text.slice(this.position + 1, this.position + 3))) {
        // Explicit line continuation.
        this.position += text.startsWith('\r\n', this.position + 1) ? 3 : 2;
      } else if (character === '\n' || character === '\r') {
        if (this.bracketDepth === 0 && /\S/.test(text.slice(this.position).replace(/#[^\r\n]*/g, ''))) {
          throw new ConditionSyntaxError(
            'Line breaks are only allowed inside parentheses (or after a backslash)',
            this.position,
            1,
          );
        }
        this.position++;
      } else {
        return;
      }
    }
  }

  private number(start: number): Token {
    const { text } = this;
    let literal: string | undefined;
    let value = 0;
    for (const pattern of [FLOAT_LITERAL, PREFIXED_INTEGER_LITERAL, DECIMAL_INTEGER_LITERAL]) {
      pattern.lastIndex = start;
      const match = pattern.exec(text);
      if (!match) continue;
      literal = match[0];
      const digits = literal.replace(/_/g, '');
      if (pattern === DECIMAL_INTEGER_LITERAL && /^0+[1-9]/.test(digits)) {
        throw new ConditionSyntaxError(
          'Leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
          start,
          literal.length,
        );
      }
      value = pattern === FLOAT_LITERAL ? Number.parseFloat(digits) : Number(digits);
      break;
    }
    if (literal === undefined) throw new ConditionSyntaxError('Invalid number literal', start, 1);
    const end = start + literal.length;
    const following = text[end] ?? '';
    if (following === 'j' || following === 'J') {
      throw new ConditionSyntaxError('Complex numbers are not supported in conditions', start, literal.length + 1);
    }
    if (following !== '' && (IDENTIFIER_CHARACTER.test(following) || following === '_')) {
      let invalidEnd = end;
      while (invalidEnd < text.length && IDENTIFIER_CHARACTER.test(text[invalidEnd]!)) invalidEnd++;
      throw new ConditionSyntaxError('Invalid number literal', start, invalidEnd - start);
    }
    this.position = end;
    return { kind: 'number', text: literal, offset: start, length: literal.length, value };
  }

  private string(start: number, prefix: string): Token {
    const { text } = this;
    const lowerPrefix = prefix.toLowerCase();
    const raw = lowerPrefix.includes('r');
    const quoteStart = start + prefix.length;
    const quote = text[quoteStart]!;
    const triple = text.startsWith(quote.repeat(3), quoteStart);
    const delimiter = triple ? quote.repeat(3) : quote;
    let position = quoteStart + delimiter.length;
    let value = '';
    for (;;) {
      if (position >= text.length || (!triple && (text[position] === '\n' || text[position] === '\r'))) {
        throw new ConditionSyntaxError('Unterminated string literal', start, position - start);
      }
      if (text.startsWith(delimiter, position)) break;
      const character = text[position]!;
      if (character !== '\\') {
        value += character;
        position++;
        continue;
      }
      const escaped = text[position + 1];
      if (escaped === undefined) throw new ConditionSyntaxError('Unterminated string literal', start, text.length - start);
      if (raw) {
        // Raw strings keep the backslash, but an escaped quote still does not end the string.
        value += character + escaped;
        position += 2;
        continue;
      }
      const decoded = this.escape(position);
      value += decoded.value;
      position += decoded.length;
    }
    const end = position + delimiter.length;
    if (lowerPrefix.includes('f') || lowerPrefix.includes('t')) {
      throw new ConditionSyntaxError('f-strings are not allowed in conditions', start, end - start);
    }
    if (lowerPrefix.includes('b')) {
      throw new ConditionSyntaxError('Bytes literals are not supported in conditions', start, end - start);
    }
    this.position = end;
    return { kind: 'string', text: text.slice(start, end), offset: start, length: end - start, value };
  }

  /** Decodes the escape sequence starting at the backslash at `position`. */
  private escape(position: number): { value: string; length: number } {
    const { text } = this;
    const escaped = text[position + 1]!;
    const simple = SIMPLE_ESCAPES[escaped];
    if (simple !== undefined) return { value: simple, length: 2 };
    if (escaped === '\n') return { value: '', length: 2 };
    if (escaped === '\r') return { value: '', length: text[position + 2] === '\n' ? 3 : 2 };
    const octal = /^[0-7]{1,3}/.exec(text.slice(position + 1, position + 4));
    if (octal) return { value: String.fromCodePoint(Number.parseInt(octal[0], 8)), length: 1 + octal[0].length };
    const hexDigitCount = escaped === 'x' ? 2 : escaped === 'u' ? 4 : escaped === 'U' ? 8 : 0;
    if (hexDigitCount > 0) {
      const digits = text.slice(position + 2, position + 2 + hexDigitCount);
      const codePoint = Number.parseInt(digits, 16);
      if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hexDigitCount || codePoint > 0x10ffff) {
        throw new ConditionSyntaxError(
          `Invalid \\${escaped} escape: expected ${hexDigitCount} hexadecimal digits`,
          position,
          Math.min(2 + hexDigitCount, text.length - position),
        );
      }
      return { value: String.fromCodePoint(codePoint), length: 2 + hexDigitCount };
    }
    if (escaped === 'N') {
      throw new ConditionSyntaxError('\\N{...} escapes are not supported in conditions', position, 2);
    }
    // Python keeps unknown escapes literally (with a warning).
    return { value: '\\' + escaped, length: 2 };
  }

  private operator(start: number): Token {
    const { text } = this;
    const three = text.slice(start, start + 3);
    const two = text.slice(start, start + 2);
    const one = text[start]!;
    const fail = (message: string, length: number): never => {
      throw new ConditionSyntaxError(message, start, length);
    };

    if (three === '===' || three === '!==') {
      fail(`'${three}' is not a Python operator; use '${three === '===' ? '==' : '!='}'`, 3);
    }
    if (two === '&&') fail("'&&' is not a Python operator; use 'and'", 2);
    if (two === '||') fail("'||' is not a Python operator; use 'or'", 2);
    if (two === ':=') fail('Assignment expressions (:=) are not allowed in conditions', 2);
    if (two === '<>') fail("'<>' is not a Python 3 operator; use '!='", 2);
    if (two === '->') fail("Unexpected '->'", 2);
    if (three === '**=' || three === '//=' || three === '>>=' || three === '<<=') {
      fail(`Augmented assignment ('${three}') is not allowed in conditions`, 3);
    }
    if (/^[-+*/%&|^@]=$/.test(two)) fail(`Augmented assignment ('${two}') is not allowed in conditions`, 2);
    if (BITWISE_OPERATORS.has(two)) fail(`Bitwise operators ('${two}') are not allowed in conditions`, 2);

    for (const candidate of ['**', '//', '==', '!=', '<=', '>=']) {
      if (two === candidate) return this.operatorToken(start, candidate);
    }
    if (one === '!') fail("'!' is not a Python operator; use 'not'", 1);
    if (one === '=') fail("Assignment is not allowed in conditions; use '==' to compare", 1);
    if (one === '`') fail('Backticks are not allowed in conditions', 1);
    if (BITWISE_OPERATORS.has(one)) fail(`Bitwise operators ('${one}') are not allowed in conditions`, 1);
    if (one === '@') fail("The matrix multiplication operator ('@') is not allowed in conditions", 1);
    if ('+-*/%<>().,[]{}:;'.includes(one)) {
      if ('([{'.includes(one)) this.bracketDepth++;
      if (')]}'.includes(one)) this.bracketDepth = Math.max(0, this.bracketDepth - 1);
      return this.operatorToken(start, one);
    }
    const character = String.fromCodePoint(text.codePointAt(start) ?? 0);
    return fail(`Unexpected character ${describeCharacter(character)}`, character.length);
  }

  private operatorToken(start: number, operator: string): Token {
    this.position = start + operator.length;
    return { kind: 'operator', text: operator, offset: start, length: operator.length };
  }
}

// ---------------------------------------------------------------------------------------------
// Parser (Python's expression grammar, restricted to the `_safe_eval` whitelist)

function span(first: NodeSpan, last: NodeSpan): NodeSpan {
  return { offset: first.offset, length: last.offset + last.length - first.offset };
}

function describeToken(token: Token): string {
  return token.kind === 'end' ? 'the end of the condition' : `'${token.text}'`;
}

class Parser {
  private readonly lookahead: Token[] = [];
  private nesting = 0;

  constructor(private readonly tokenizer: Tokenizer) {}

  parse(): Condition {
    const first = this.peek();
    if (first.kind === 'end') throw new ConditionSyntaxError('The condition is empty', 0, 0);
    const condition = this.orTest();
    const trailing = this.peek();
    if (trailing.kind !== 'end') this.rejectAfterExpression(trailing);
    return condition;
  }

  private peek(ahead = 0): Token {
    while (this.lookahead.length <= ahead) this.lookahead.push(this.tokenizer.next());
    return this.lookahead[ahead]!;
  }

  private advance(): Token {
    const token = this.peek();
    this.lookahead.shift();
    return token;
  }

  private isOperator(token: Token, operator: string): boolean {
    return token.kind === 'operator' && token.text === operator;
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.kind === 'name' && token.text === keyword;
  }

  /** Guards every recursive descent that the input can repeat without bound. */
  private nested<T>(token: Token, parse: () => T): T {
    if (++this.nesting > MAX_CONDITION_NESTING) {
      throw new ConditionSyntaxError(
        `The condition is nested too deeply (more than ${MAX_CONDITION_NESTING} levels)`,
        token.offset,
        token.length,
      );
    }
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  /** Explains the construct that follows a complete expression where none may follow. */
  private rejectAfterExpression(token: Token): never {
    const reject = (message: string): never => {
      throw new ConditionSyntaxError(message, token.offset, token.length);
    };
    if (this.isOperator(token, ',')) reject('Tuples are not allowed in conditions');
    if (this.isKeyword(token, 'if')) reject('Conditional expressions (x if c else y) are not allowed in conditions');
    if (this.isKeyword(token, 'for') || this.isKeyword(token, 'async')) {
      reject('Comprehensions are not allowed in conditions');
    }
    if (this.isOperator(token, ')')) reject("Unmatched ')'");
    if (this.isOperator(token, ':')) reject("Unexpected ':' (slices, lambdas and annotations are not allowed)");
    if (this.isOperator(token, ';')) reject('Only a single expression is allowed in a condition');
    return reject(`Unexpected ${describeToken(token)} after a complete expression; expected an operator`);
  }

  private orTest(): Condition {
    return this.booleanChain('or', () => this.andTest());
  }

  private andTest(): Condition {
    return this.booleanChain('and', () => this.notTest());
  }

  private booleanChain(operator: 'and' | 'or', operand: () => Condition): Condition {
    const first = operand();
    const operands = [first];
    while (this.isKeyword(this.peek(), operator)) {
      this.advance();
      operands.push(operand());
    }
    if (operands.length === 1) return first;
    return { kind: 'boolean', operator, operands, ...span(first, operands[operands.length - 1]!) };
  }

  private notTest(): Condition {
    const token = this.peek();
    if (!this.isKeyword(token, 'not')) return this.comparison();
    this.advance();
    const operand = this.nested(token, () => this.notTest());
    return { kind: 'unary', operator: 'not', operand, ...span(token, operand) };
  }

  private comparisonOperator(): ComparisonOperator | undefined {
    const token = this.peek();
    if (token.kind === 'operator' && ['==', '!=', '<', '<=', '>', '>='].includes(token.text)) {
      this.advance();
      return token.text as ComparisonOperator;
    }
    if (this.isKeyword(token, 'in')) {
      this.advance();
      return 'in';
    }
    if (this.isKeyword(token, 'is')) {
      this.advance();
      if (this.isKeyword(this.peek(), 'not')) {
        this.advance();
        return 'is not';
      }
      return 'is';
    }
    if (this.isKeyword(token, 'not') && this.isKeyword(this.peek(1), 'in')) {
      this.advance();
      this.advance();
      return 'not in';
    }
    return undefined;
  }

  private comparison(): Condition {
    const left = this.arithmetic();
    const comparisons: { operator: ComparisonOperator; right: Condition }[] = [];
    for (let operator = this.comparisonOperator(); operator; operator = this.comparisonOperator()) {
      comparisons.push({ operator, right: this.arithmetic() });
    }
    if (comparisons.length === 0) return left;
    return { kind: 'compare', left, comparisons, ...span(left, comparisons[comparisons.length - 1]!.right) };
  }

  private binaryChain(operators: readonly string[], operand: () => Condition): Condition {
    let left = operand();
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'operator' || !operators.includes(token.text)) return left;
      this.advance();
      const right = operand();
      left = { kind: 'binary', operator: token.text as ArithmeticOperator, left, right, ...span(left, right) };
    }
  }

  private arithmetic(): Condition {
    return this.binaryChain(['+', '-'], () => this.term());
  }

  private term(): Condition {
    return this.binaryChain(['*', '/', '//', '%'], () => this.factor());
  }

  private factor(): Condition {
    const token = this.peek();
    if (this.isOperator(token, '+') || this.isOperator(token, '-')) {
      this.advance();
      const operand = this.nested(token, () => this.factor());
      return { kind: 'unary', operator: token.text as UnaryOperator, operand, ...span(token, operand) };
    }
    return this.power();
  }

  /** `**` binds tighter than a unary operator on its left and is right-associative: -2**-2 == -(2**(-2)). */
  private power(): Condition {
    const base = this.atom();
    const postfix = this.peek();
    if (this.isOperator(postfix, '(')) throw new ConditionSyntaxError('Calls are not allowed in conditions', postfix.offset, 1);
    if (this.isOperator(postfix, '.')) {
      throw new ConditionSyntaxError('Attribute access is not allowed in conditions', postfix.offset, 1);
    }
    if (this.isOperator(postfix, '[')) throw new ConditionSyntaxError('Subscripts are not allowed in conditions', postfix.offset, 1);
    if (!this.isOperator(postfix, '**')) return base;
    this.advance();
    const exponent = this.nested(postfix, () => this.factor());
    return { kind: 'binary', operator: '**', left: base, right: exponent, ...span(base, exponent) };
  }

  private atom(): Condition {
    const token = this.advance();
    const reject = (message: string, length = token.length): never => {
      throw new ConditionSyntaxError(message, token.offset, length);
    };
    switch (token.kind) {
      case 'number':
        return { kind: 'constant', value: token.value as number, offset: token.offset, length: token.length };
      case 'string':
        return this.strings(token);
      case 'name':
        return this.nameOrConstant(token);
      case 'end':
        return reject('The condition ends where a value was expected', 0);
      case 'operator':
        break;
    }
    if (token.text === '(') return this.parenthesised(token);
    if (token.text === '[') return reject('Lists are not allowed in conditions');
    if (token.text === '{') return reject('Dicts and sets are not allowed in conditions');
    if (token.text === '*' || token.text === '**') return reject(`Unpacking ('${token.text}') is not allowed in conditions`);
    if (token.text === '.') return reject('Attribute access is not allowed in conditions');
    return reject(`Expected a value but found ${describeToken(token)}`);
  }

  /** Adjacent literals concatenate, as in Python: 'a' "b" == 'ab'. */
  private strings(first: Token): Condition {
    let value = first.value as string;
    let last = first;
    while (this.peek().kind === 'string') {
      last = this.advance();
      value += last.value as string;
    }
    return { kind: 'constant', value, ...span(first, last) };
  }

  private nameOrConstant(token: Token): Condition {
    const location = { offset: token.offset, length: token.length };
    switch (token.text) {
      case 'True':
        return { kind: 'constant', value: true, ...location };
      case 'False':
        return { kind: 'constant', value: false, ...location };
      case 'None':
        return { kind: 'constant', value: null, ...location };
      case 'lambda':
        throw new ConditionSyntaxError('Lambdas are not allowed in conditions', token.offset, token.length);
      case 'and':
      case 'or':
      case 'not':
      case 'is':
      case 'in':
        throw new ConditionSyntaxError(`Expected a value but found '${token.text}'`, token.offset, token.length);
    }
    if (FOREIGN_KEYWORDS.has(token.text)) {
      throw new ConditionSyntaxError(
        `'${token.text}' is a Python keyword and is not allowed in conditions`,
        token.offset,
        token.length,
      );
    }
    return { kind: 'name', name: token.text, ...location };
  }

  private parenthesised(open: Token): Condition {
    if (this.isOperator(this.peek(), ')')) {
      throw new ConditionSyntaxError('Tuples are not allowed in conditions', open.offset, this.peek().offset + 1 - open.offset);
    }
    const inner = this.nested(open, () => this.orTest());
    const close = this.peek();
    if (this.isOperator(close, ')')) {
      this.advance();
      return inner;
    }
    if (close.kind === 'end') {
      throw new ConditionSyntaxError("'(' was never closed", open.offset, 1);
    }
    if (this.isOperator(close, ']') || this.isOperator(close, '}')) {
      throw new ConditionSyntaxError(`Closing '${close.text}' does not match '('`, close.offset, close.length);
    }
    return this.rejectAfterExpression(close);
  }
}

export function parseCondition(text: string): { condition: Condition } | { error: ConditionError } {
  if (text.length > MAX_CONDITION_LENGTH) {
    return {
      error: {
        message: `The condition is longer than ${MAX_CONDITION_LENGTH} characters`,
        offset: MAX_CONDITION_LENGTH,
        length: text.length - MAX_CONDITION_LENGTH,
      },
    };
  }
  try {
    return { condition: new Parser(new Tokenizer(text)).parse() };
  } catch (failure) {
    if (failure instanceof ConditionSyntaxError) {
      return { error: { message: failure.message, offset: failure.offset, length: failure.length } };
    }
    throw failure;
  }
}

/** The variable names the condition reads, in order of first use (left to right). */
export function conditionNames(condition: Condition): string[] {
  const names = new Set<string>();
  const visit = (node: Condition): void => {
    switch (node.kind) {
      case 'constant':
        return;
      case 'name':
        names.add(node.name);
        return;
      case 'unary':
        visit(node.operand);
        return;
      case 'binary':
        visit(node.left);
        visit(node.right);
        return;
      case 'boolean':
        node.operands.forEach(visit);
        return;
      case 'compare':
        visit(node.left);
        for (const comparison of node.comparisons) visit(comparison.right);
        return;
    }
  };
  visit(condition);
  return [...names];
}

// ---------------------------------------------------------------------------------------------
// Evaluator (Python semantics over PyValue)

/** Thrown inside the evaluator and returned as `{ error }`; messages follow CPython's wording. */
class ConditionEvaluationError {
  constructor(readonly message: string) {}
}

function fail(message: string): never {
  throw new ConditionEvaluationError(message);
}

function typeName(value: PyValue): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'str';
  return Number.isInteger(value) ? 'int' : 'float';
}

function isPyValue(value: unknown): value is PyValue {
  return value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean';
}

/** Python truthiness: NaN is truthy in Python, unlike JavaScript. */
function isTruthy(value: PyValue): boolean {
  if (value === null) return false;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value.length > 0;
  return value;
}

/** bool is a subclass of int in Python, so True and False take part in arithmetic as 1 and 0. */
function asNumber(value: PyValue): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

function checkedString(value: string): string {
  if (value.length > MAX_STRING_LENGTH) fail(`string result is too long (limit ${MAX_STRING_LENGTH} characters)`);
  return value;
}

function repeatString(text: string, count: number): string {
  if (count <= 0 || text.length === 0) return '';
  if (text.length * count > MAX_STRING_LENGTH) fail(`string result is too long (limit ${MAX_STRING_LENGTH} characters)`);
  return text.repeat(count);
}

/** CPython's float_divmod, so that `//` and `%` floor exactly as Python does (1 // 0.1 == 9.0). */
function floorDivisionAndModulo(dividend: number, divisor: number): { quotient: number; remainder: number } {
  let remainder = dividend % divisor;
  let division = (dividend - remainder) / divisor;
  if (remainder !== 0) {
    if (divisor < 0 !== remainder < 0) {
      remainder += divisor;
      division -= 1;
    }
  } else {
    remainder = divisor < 0 ? -0 : 0;
  }
  let quotient: number;
  if (division !== 0) {
    quotient = Math.floor(division);
    if (division - quotient > 0.5) quotient += 1;
  } else {
    quotient = dividend / divisor < 0 ? -0 : 0;
  }
  return { quotient, remainder };
}

function power(base: number, exponent: number): number {
  if (base === 0 && exponent < 0) fail('0.0 cannot be raised to a negative power');
  if (base < 0 && Number.isFinite(exponent) && !Number.isInteger(exponent)) {
    fail('negative number cannot be raised to a fractional power');
  }
  if (base === 1 || exponent === 0) return 1;
  const result = base ** exponent;
  if (!Number.isFinite(result) && Number.isFinite(base) && Number.isFinite(exponent)) fail('Numerical result out of range');
  return result;
}

function arithmetic(operator: ArithmeticOperator, left: PyValue, right: PyValue): PyValue {
  const leftNumber = asNumber(left);
  const rightNumber = asNumber(right);
  if (leftNumber !== undefined && rightNumber !== undefined) {
    switch (operator) {
      case '+':
        return leftNumber + rightNumber;
      case '-':
        return leftNumber - rightNumber;
      case '*':
        return leftNumber * rightNumber;
      case '/':
        if (rightNumber === 0) fail('division by zero');
        return leftNumber / rightNumber;
      case '//':
        if (rightNumber === 0) fail('division by zero');
        return floorDivisionAndModulo(leftNumber, rightNumber).quotient;
      case '%':
        if (rightNumber === 0) fail('modulo by zero');
        return floorDivisionAndModulo(leftNumber, rightNumber).remainder;
      case '**':
        return power(leftNumber, rightNumber);
    }
  }
  if (operator === '+' && typeof left === 'string') {
    if (typeof right === 'string') return checkedString(left + right);
    fail(`can only concatenate str (not "${typeName(right)}") to str`);
  }
  if (operator === '*') {
    const [text, count] = typeof left === 'string' ? [left, right] : [right, left];
    if (typeof text === 'string') {
      const repetitions = asNumber(count);
      if (repetitions !== undefined && Number.isInteger(repetitions) && typeof count !== 'string') {
        return repeatString(text, repetitions);
      }
      fail(`can't multiply sequence by non-int of type '${typeName(count)}'`);
    }
  }
  if (operator === '%' && typeof left === 'string') fail('string formatting with % is not supported in conditions');
  return fail(`unsupported operand type(s) for ${operator}: '${typeName(left)}' and '${typeName(right)}'`);
}

/** Compares strings by code point, as Python does (JavaScript's `<` compares UTF-16 units). */
function compareStrings(left: string, right: string): number {
  let leftIndex = 0;
  let rightIndex = 0;
  while (leftIndex < left.length && rightIndex < right.length) {
    const leftCodePoint = left.codePointAt(leftIndex)!;
    const rightCodePoint = right.codePointAt(rightIndex)!;
    if (leftCodePoint !== rightCodePoint) return leftCodePoint < rightCodePoint ? -1 : 1;
    leftIndex += leftCodePoint > 0xffff ? 2 : 1;
    rightIndex += rightCodePoint > 0xffff ? 2 : 1;
  }
  return (left.length - leftIndex > 0 ? 1 : 0) - (right.length - rightIndex > 0 ? 1 : 0);
}

function pythonEquals(left: PyValue, right: PyValue): boolean {
  const leftNumber = asNumber(left);
  const rightNumber = asNumber(right);
  if (leftNumber !== undefined && rightNumber !== undefined) return leftNumber === rightNumber;
  return left === right;
}

function compare(operator: ComparisonOperator, left: PyValue, right: PyValue): boolean {
  switch (operator) {
    case '==':
      return pythonEquals(left, right);
    case '!=':
      return !pythonEquals(left, right);
    case 'is':
    case 'is not': {
      // Identity of immutable scalars: same type and same value (True is not 1).
      const identical = typeof left === typeof right && pythonEquals(left, right);
      return operator === 'is' ? identical : !identical;
    }
    case 'in':
    case 'not in': {
      if (typeof right !== 'string') fail(`argument of type '${typeName(right)}' is not iterable`);
      if (typeof left !== 'string') fail(`'in <string>' requires string as left operand, not ${typeName(left)}`);
      const contained = right.includes(left);
      return operator === 'in' ? contained : !contained;
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const leftNumber = asNumber(left);
      const rightNumber = asNumber(right);
      let order: number;
      if (leftNumber !== undefined && rightNumber !== undefined) {
        // NaN compares false every way, so decide each operator directly.
        if (operator === '<') return leftNumber < rightNumber;
        if (operator === '<=') return leftNumber <= rightNumber;
        if (operator === '>') return leftNumber > rightNumber;
        return leftNumber >= rightNumber;
      } else if (typeof left === 'string' && typeof right === 'string') {
        order = compareStrings(left, right);
      } else {
        return fail(`'${operator}' not supported between instances of '${typeName(left)}' and '${typeName(right)}'`);
      }
      if (operator === '<') return order < 0;
      if (operator === '<=') return order <= 0;
      if (operator === '>') return order > 0;
      return order >= 0;
    }
  }
}

function unary(operator: UnaryOperator, operand: PyValue): PyValue {
  if (operator === 'not') return !isTruthy(operand);
  const number = asNumber(operand);
  if (number === undefined) fail(`bad operand type for unary ${operator}: '${typeName(operand)}'`);
  return operator === '-' ? -number : number;
}

export function evaluateCondition(
  condition: Condition,
  variables: Readonly<Record<string, PyValue>>,
): { value: PyValue } | { error: string } {
  const evaluate = (node: Condition): PyValue => {
    switch (node.kind) {
      case 'constant':
        return node.value;
      case 'name': {
        // Own properties only: `constructor` or `__proto__` must not reach Object.prototype.
        if (!Object.prototype.hasOwnProperty.call(variables, node.name)) fail(`name '${node.name}' is not defined`);
        const value: unknown = variables[node.name];
        if (!isPyValue(value)) fail(`variable '${node.name}' does not hold a number, string, boolean or None`);
        return value;
      }
      case 'unary':
        return unary(node.operator, evaluate(node.operand));
      case 'binary':
        return arithmetic(node.operator, evaluate(node.left), evaluate(node.right));
      case 'boolean': {
        // Python returns the deciding operand itself, not a bool.
        let value: PyValue = null;
        for (const operand of node.operands) {
          value = evaluate(operand);
          if (isTruthy(value) === (node.operator === 'or')) return value;
        }
        return value;
      }
      case 'compare': {
        // Chained: each operand is evaluated once, and evaluation stops at the first false link.
        let left = evaluate(node.left);
        for (const { operator, right: rightNode } of node.comparisons) {
          const right = evaluate(rightNode);
          if (!compare(operator, left, right)) return false;
          left = right;
        }
        return true;
      }
    }
  };
  try {
    return { value: evaluate(condition) };
  } catch (failure) {
    if (failure instanceof ConditionEvaluationError) return { error: failure.message };
    throw failure;
  }
}
