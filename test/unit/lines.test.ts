// readLines: streaming a file's lines in constant memory, UTF-8 across chunk boundaries, limits.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { readLines, type Line, type ReadLinesOptions } from '../../server/src/io/lines.ts';

const directory = mkdtempSync(join(tmpdir(), 'prodgate-lines-'));
after(() => rmSync(directory, { recursive: true, force: true }));

let files = 0;
function file(content: string | Buffer): string {
  const path = join(directory, `file-${files++}.txt`);
  writeFileSync(path, content);
  return path;
}

async function lines(path: string, options?: ReadLinesOptions): Promise<Line[]> {
  const result: Line[] = [];
  for await (const line of readLines(path, options)) result.push(line);
  return result;
}

async function texts(content: string | Buffer, options?: ReadLinesOptions): Promise<string[]> {
  return (await lines(file(content), options)).map((line) => line.text);
}

describe('readLines', () => {
  test('splits on "\\n", numbers lines from 1, keeps blank lines', async () => {
    assert.deepEqual(await lines(file('a\n\nc\n')), [
      { text: 'a', line: 1 },
      { text: '', line: 2 },
      { text: 'c', line: 3 },
    ]);
  });

  test('CRLF: one trailing "\\r" is stripped, a lone "\\r" inside a line is kept', async () => {
    assert.deepEqual(await texts('a\r\nb\r\n'), ['a', 'b']);
    assert.deepEqual(await texts('a\rb\r\r\n'), ['a\rb\r']);
    // The "\r" and the "\n" in different chunks.
    assert.deepEqual(await texts('ab\r\ncd\r\n', { highWaterMark: 3 }), ['ab', 'cd']);
  });

  test('a last line without "\\n" is still a line; a final "\\n" adds no empty line', async () => {
    assert.deepEqual(await texts('a\nb'), ['a', 'b']);
    assert.deepEqual(await texts('a\nb\n'), ['a', 'b']);
    assert.deepEqual(await texts('only'), ['only']);
    assert.deepEqual(await texts('\n'), ['']);
  });

  test('an empty file has no lines', async () => {
    assert.deepEqual(await lines(file('')), []);
  });

  test('multi-byte UTF-8 split across chunks decodes whole, with every chunk size', async () => {
    const content = 'é€𝄞 mixed ünïcödé\n{"k": "日本語テキスト"}\n\n𝄞\n';
    const expected = ['é€𝄞 mixed ünïcödé', '{"k": "日本語テキスト"}', '', '𝄞'];
    for (let size = 1; size <= 9; size++) {
      assert.deepEqual(await texts(content, { highWaterMark: size }), expected, `highWaterMark ${size}`);
    }
    const lengths = await lines(file(content), { highWaterMark: 2 });
    assert.ok(lengths.every((line) => !line.invalidUtf8));
  });

  test('invalid UTF-8 bytes become U+FFFD and the line is flagged', async () => {
    const content = Buffer.concat([Buffer.from('ok\n'), Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]), Buffer.from([0xe2, 0x82, 0x0a]), Buffer.from('fine\n')]);
    for (const highWaterMark of [1, 2, 64 * 1024]) {
      const result = await lines(file(content), { highWaterMark });
      assert.deepEqual(
        result.map((line) => [line.text, line.line, line.invalidUtf8 === true]),
        [
          ['ok', 1, false],
          ['{\ufffd\ufffd}', 2, true],
          ['\ufffd', 3, true],
          ['fine', 4, false],
        ],
        `highWaterMark ${highWaterMark}`,
      );
    }
  });

  test('lines longer than maxLineBytes come back once as tooLong, within a chunk and across chunks', async () => {
    const content = `short\n${'x'.repeat(100)}\n${'y'.repeat(10)}\nlast-${'z'.repeat(30)}`;
    for (const highWaterMark of [1, 7, 64, 1024]) {
      const result = await lines(file(content), { maxLineBytes: 10, highWaterMark });
      assert.deepEqual(
        result,
        [
          { text: 'short', line: 1 },
          { text: '', line: 2, tooLong: true },
          { text: 'y'.repeat(10), line: 3 },
          { text: '', line: 4, tooLong: true },
        ],
        `highWaterMark ${highWaterMark}`,
      );
    }
  });

  test('a 20 MB line with maxLineBytes 1 MiB is skipped without being kept', async () => {
    const path = file(`{"first": 1}\n${'a'.repeat(20 * 1024 * 1024)}\n{"last": 2}\n`);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 1);
    const result: Line[] = [];
    for await (const line of readLines(path, { maxLineBytes: 1024 * 1024, highWaterMark: 64 * 1024 })) {
      peak = Math.max(peak, process.memoryUsage().rss);
      result.push(line);
    }
    clearInterval(sampler);
    assert.deepEqual(result, [
      { text: '{"first": 1}', line: 1 },
      { text: '', line: 2, tooLong: true },
      { text: '{"last": 2}', line: 3 },
    ]);
    // Keeping the line would take its bytes, their concatenation and the decoded string (60 MB).
    assert.ok(peak - before < 40 * 1024 * 1024, `RSS grew by ${((peak - before) / 1048576).toFixed(1)} MB`);
  });

  test('a missing file makes the generator throw the fs error', async () => {
    await assert.rejects(lines(join(directory, 'missing.jsonl')), { code: 'ENOENT' });
  });

  test('a directory makes the generator throw the fs error', async () => {
    await assert.rejects(lines(directory), { code: 'EISDIR' });
  });

  test('stopping early closes the file', async () => {
    const path = file('1\n2\n3\n');
    for await (const line of readLines(path)) {
      assert.equal(line.text, '1');
      break;
    }
  });
});
