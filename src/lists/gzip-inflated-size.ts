// Deflate (RFC 1951) inside gzip members (RFC 1952), decoded only far enough to count output bytes.

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

class Malformed extends Error {}

/** A Huffman code as a lookup table indexed by the next `bits` input bits: symbol << 4 | code length (0 = no such code). */
interface HuffmanTable {
  readonly table: Int32Array;
  readonly bits: number;
}

function buildTable(lengths: ArrayLike<number>): HuffmanTable {
  let bits = 0;
  const count = new Array<number>(16).fill(0);
  for (let i = 0; i < lengths.length; i++) {
    const length = lengths[i]!;
    count[length]!++;
    if (length > bits) bits = length;
  }
  if (bits === 0) return { table: new Int32Array(1), bits: 1 };
  const table = new Int32Array(1 << bits);
  const next = new Array<number>(16).fill(0);
  let code = 0;
  count[0] = 0;
  for (let length = 1; length <= 15; length++) {
    code = (code + count[length - 1]!) << 1;
    next[length] = code;
  }
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    const length = lengths[symbol]!;
    if (length === 0) continue;
    const assigned = next[length]!++;
    if (assigned >= 1 << length) throw new Malformed('over-subscribed code');
    // Deflate sends Huffman codes most significant bit first into a least-significant-first stream.
    let reversed = 0;
    for (let i = 0; i < length; i++) reversed |= ((assigned >> i) & 1) << (length - 1 - i);
    for (let fill = reversed; fill < table.length; fill += 1 << length) table[fill] = (symbol << 4) | length;
  }
  return { table, bits };
}

const FIXED_LITERALS = buildTable(Array.from({ length: 288 }, (_, i) => (i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8)));
const FIXED_DISTANCES = buildTable(new Array<number>(30).fill(5));

/**
 * How many bytes gzip data inflates to, counted without producing them (so a gzip bomb costs no
 * memory), stopping as soon as the count passes `stopAbove`. Undefined when the data is not
 * well-formed gzip: gunzip itself then says what is wrong.
 */
export function gzipInflatedSize(bytes: Uint8Array, stopAbove: number): number | undefined {
  let pos = 0;
  let bitBuffer = 0;
  let bitCount = 0;
  let total = 0;

  const need = (n: number): void => {
    while (bitCount < n) {
      if (pos >= bytes.length) throw new Malformed('unexpected end');
      bitBuffer |= bytes[pos++]! << bitCount;
      bitCount += 8;
    }
  };
  const take = (n: number): number => {
    if (n === 0) return 0;
    need(n);
    const value = bitBuffer & ((1 << n) - 1);
    bitBuffer >>>= n;
    bitCount -= n;
    return value;
  };
  const decode = ({ table, bits }: HuffmanTable): number => {
    // Near the end of the input the last code may be shorter than the table's width.
    while (bitCount < bits && pos < bytes.length) {
      bitBuffer |= bytes[pos++]! << bitCount;
      bitCount += 8;
    }
    const entry = table[bitBuffer & ((1 << bits) - 1)]!;
    const length = entry & 15;
    if (length === 0 || length > bitCount) throw new Malformed('bad code');
    bitBuffer >>>= length;
    bitCount -= length;
    return entry >> 4;
  };
  const byte = (): number => {
    if (pos >= bytes.length) throw new Malformed('unexpected end');
    return bytes[pos++]!;
  };

  const dynamicTables = (): [HuffmanTable, HuffmanTable] => {
    const literalCount = take(5) + 257;
    const distanceCount = take(5) + 1;
    const codeLengthCount = take(4) + 4;
    const codeLengths = new Array<number>(19).fill(0);
    for (let i = 0; i < codeLengthCount; i++) codeLengths[CODE_LENGTH_ORDER[i]!] = take(3);
    const codeLengthTable = buildTable(codeLengths);
    const lengths = new Array<number>(literalCount + distanceCount).fill(0);
    for (let i = 0; i < lengths.length; ) {
      const symbol = decode(codeLengthTable);
      if (symbol < 16) {
        lengths[i++] = symbol;
        continue;
      }
      let repeat: number;
      let value = 0;
      if (symbol === 16) {
        if (i === 0) throw new Malformed('repeat with no previous length');
        value = lengths[i - 1]!;
        repeat = 3 + take(2);
      } else repeat = symbol === 17 ? 3 + take(3) : 11 + take(7);
      if (i + repeat > lengths.length) throw new Malformed('too many lengths');
      while (repeat-- > 0) lengths[i++] = value;
    }
    return [buildTable(lengths.slice(0, literalCount)), buildTable(lengths.slice(literalCount))];
  };

  try {
    while (pos < bytes.length && bytes[pos] === 0x1f) {
      if (byte() !== 0x1f || byte() !== 0x8b || byte() !== 8) return undefined;
      const flags = byte();
      pos += 6; // mtime, extra flags, OS
      if (flags & 4) {
        const extra = byte() | (byte() << 8);
        pos += extra;
      }
      if (flags & 8) while (byte() !== 0);
      if (flags & 16) while (byte() !== 0);
      if (flags & 2) pos += 2;
      bitBuffer = 0;
      bitCount = 0;
      let last = 0;
      while (!last) {
        last = take(1);
        const type = take(2);
        if (type === 0) {
          // Back to the byte after the header bits: whole bytes already buffered are the length.
          pos -= bitCount >> 3;
          bitBuffer = 0;
          bitCount = 0;
          const length = byte() | (byte() << 8);
          pos += 2 + length;
          total += length;
        } else if (type === 1 || type === 2) {
          const [literals, distances] = type === 1 ? [FIXED_LITERALS, FIXED_DISTANCES] : dynamicTables();
          for (;;) {
            const symbol = decode(literals);
            if (symbol < 256) total += 1;
            else if (symbol === 256) break;
            else {
              const index = symbol - 257;
              if (index >= LENGTH_BASE.length) throw new Malformed('bad length symbol');
              total += LENGTH_BASE[index]! + take(LENGTH_EXTRA[index]!);
              const distance = decode(distances);
              if (distance >= DISTANCE_EXTRA.length) throw new Malformed('bad distance symbol');
              take(DISTANCE_EXTRA[distance]!);
            }
            if (total > stopAbove) return total;
          }
        } else throw new Malformed('reserved block type');
        if (total > stopAbove) return total;
        if (pos > bytes.length) throw new Malformed('unexpected end');
      }
      // Whole bytes read ahead belong to the trailer; then skip CRC-32 and ISIZE.
      pos -= bitCount >> 3;
      pos += 8;
      if (pos > bytes.length) throw new Malformed('unexpected end');
    }
    return total;
  } catch (error) {
    if (error instanceof Malformed) return undefined;
    throw error;
  }
}
