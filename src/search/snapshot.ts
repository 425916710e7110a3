// The persisted search index: the postings index's typed arrays laid end to end in one binary blob,
// so loading is a checksum and a few array views instead of parsing a giant JSON document or
// re-analysing every abstract. A snapshot belongs to one corpus (its hash and paper ids) and one
// engine version; anything else is refused with a reason, and the caller rebuilds.
//
// Layout: "PBSEARCH" | u32 format | u32 header length | header JSON (zod-checked) | sections, each
// 8-byte aligned, in the order of SECTIONS. The header records section byte ranges and a CRC-32 of
// everything after the header.
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import type { Corpus } from '../corpus/corpus.js';
import { FIELD_COUNT } from './fields.js';
import { ENGINE_VERSION } from './version.js';
import { PostingsIndex } from './postings.js';
import { runSteps } from '../corpus/steps.js';

const MAGIC = Buffer.from('PBSEARCH', 'latin1');
const FORMAT = 1;
const F = FIELD_COUNT;

const SECTIONS = ['ids', 'terms', 'offsets', 'docs', 'tfs', 'fieldDf', 'maxTf', 'minLen', 'fieldLen'] as const;
type SectionName = (typeof SECTIONS)[number];

const HeaderSchema = z.object({
  engineVersion: z.string(),
  corpusHash: z.string(),
  docCount: z.number().int().nonnegative(),
  termCount: z.number().int().nonnegative(),
  postingCount: z.number().int().nonnegative(),
  crc32: z.number().int().nonnegative(),
  sections: z.array(z.object({ name: z.enum(SECTIONS), offset: z.number().int().nonnegative(), length: z.number().int().nonnegative() })).length(SECTIONS.length),
});

/** Why a snapshot cannot be used; the message is meant for an operator's log. */
export class SnapshotError extends Error {
  constructor(
    readonly reason: 'corrupt' | 'stale' | 'mismatch',
    message: string,
  ) {
    super(message);
    this.name = 'SnapshotError';
  }
}

const align8 = (n: number) => (n + 7) & ~7;

/** Encode an index (compacted first) for the corpus it was built from. */
export function encodeSnapshot(index: PostingsIndex, corpus: Pick<Corpus, 'hash'>): Buffer {
  return runSteps(encodeSnapshotSteps(index, corpus));
}

/** Bytes copied or checksummed between two yields of encodeSnapshotSteps (well under a millisecond). */
const ENCODE_CHUNK = 1 << 18;

/** Strings joined per step: ~74k terms at 10k papers would be one join of ~10 ms. */
const JOIN_CHUNK = 4096;

/** Buffer.from(lines.join('\n'), 'utf8') in steps of JOIN_CHUNK lines (the pieces are joined by one copy at the end). */
function* linesSteps(lines: readonly string[]): Generator<void, Buffer> {
  if (lines.length <= JOIN_CHUNK) return Buffer.from(lines.join('\n'), 'utf8');
  const parts: Buffer[] = [];
  for (let at = 0; at < lines.length; at += JOIN_CHUNK) {
    parts.push(Buffer.from((at > 0 ? '\n' : '') + lines.slice(at, at + JOIN_CHUNK).join('\n'), 'utf8'));
    yield;
  }
  return Buffer.concat(parts);
}

/** encodeSnapshot as steps of about a millisecond each, for storing a new revision's snapshot between interactions. */
export function* encodeSnapshotSteps(index: PostingsIndex, corpus: Pick<Corpus, 'hash'>): Generator<void, Buffer> {
  const ix = yield* index.compactedSteps();
  const { base } = ix;
  if (ix.ids.some((id) => id.includes('\n'))) throw new Error('a paper id contains a newline and cannot be stored in a snapshot');
  const ids = yield* linesSteps(ix.ids);
  const terms = yield* linesSteps(base.terms);
  const bytes: Record<SectionName, Uint8Array> = {
    ids,
    terms,
    offsets: new Uint8Array(base.offsets.buffer, base.offsets.byteOffset, base.offsets.byteLength),
    docs: new Uint8Array(base.docs.buffer, base.docs.byteOffset, base.docs.byteLength),
    tfs: base.tfs,
    fieldDf: new Uint8Array(base.fieldDf.buffer, base.fieldDf.byteOffset, base.fieldDf.byteLength),
    maxTf: base.maxTf,
    minLen: new Uint8Array(base.minLen.buffer, base.minLen.byteOffset, base.minLen.byteLength),
    fieldLen: new Uint8Array(ix.fieldLen.buffer, ix.fieldLen.byteOffset, ix.fieldLen.byteLength),
  };
  let size = 0;
  const sections = SECTIONS.map((name) => {
    const offset = size;
    size = align8(size + bytes[name].byteLength);
    return { name, offset, length: bytes[name].byteLength };
  });
  const headerOf = (crc: number) =>
    JSON.stringify({
      engineVersion: ENGINE_VERSION,
      corpusHash: corpus.hash,
      docCount: ix.ids.length,
      termCount: base.terms.length,
      postingCount: base.docs.length,
      crc32: crc,
      sections,
    });
  // The header's room is reserved before the body is written (its longest form, the checksum with the
  // most digits; the real one is padded with spaces, which JSON ignores): the snapshot is written into
  // one buffer in small steps, never copied whole in one go.
  const headerRoom = Buffer.byteLength(headerOf(0xffffffff), 'utf8');
  const start = align8(MAGIC.length + 8 + headerRoom);
  // Not pooled (so it can be moved to another thread) and not zero-filled in one go: every byte is written below.
  const out = Buffer.allocUnsafeSlow(start + size);
  const body = out.subarray(start);
  yield;
  let end = 0;
  for (const s of sections) {
    body.fill(0, end, s.offset); // alignment padding
    const from = bytes[s.name];
    for (let at = 0; at < from.byteLength; at += ENCODE_CHUNK) {
      body.set(from.subarray(at, at + ENCODE_CHUNK), s.offset + at);
      yield;
    }
    end = s.offset + s.length;
  }
  body.fill(0, end);
  let crc = 0;
  for (let at = 0; at < body.length; at += ENCODE_CHUNK) {
    crc = crc32(body.subarray(at, at + ENCODE_CHUNK), crc);
    yield;
  }
  out.fill(0, 0, start);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(FORMAT, MAGIC.length);
  out.writeUInt32LE(headerRoom, MAGIC.length + 4);
  out.write(headerOf(crc).padEnd(headerRoom, ' '), MAGIC.length + 8, 'utf8');
  return out;
}

/** A typed array over a section, copying only when the buffer's alignment does not allow a view. */
function view<T>(body: Buffer, s: { offset: number; length: number }, bytesPer: number, make: (buf: ArrayBuffer, offset: number, length: number) => T): T {
  const at = body.byteOffset + s.offset;
  if (s.length % bytesPer !== 0) throw new SnapshotError('corrupt', 'a section has a partial element');
  if (at % bytesPer === 0) return make(body.buffer as ArrayBuffer, at, s.length / bytesPer);
  const copy = new Uint8Array(s.length);
  copy.set(body.subarray(s.offset, s.offset + s.length));
  return make(copy.buffer, 0, s.length / bytesPer);
}

/** Decode a snapshot for `corpus`; throws SnapshotError saying why it cannot be used. */
export function decodeSnapshot(buf: Buffer, corpus: Pick<Corpus, 'hash' | 'papers'>): PostingsIndex {
  if (buf.length < MAGIC.length + 8 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) throw new SnapshotError('corrupt', 'not a paperboy search snapshot');
  const format = buf.readUInt32LE(MAGIC.length);
  if (format !== FORMAT) throw new SnapshotError('stale', `snapshot format ${format}, this engine reads format ${FORMAT}`);
  const headerLength = buf.readUInt32LE(MAGIC.length + 4);
  const start = align8(MAGIC.length + 8 + headerLength);
  if (start > buf.length) throw new SnapshotError('corrupt', 'truncated header');
  let header: z.infer<typeof HeaderSchema>;
  try {
    header = HeaderSchema.parse(JSON.parse(buf.toString('utf8', MAGIC.length + 8, MAGIC.length + 8 + headerLength)));
  } catch (err) {
    throw new SnapshotError('corrupt', `unreadable header (${err instanceof z.ZodError ? (err.issues[0]?.message ?? 'schema mismatch') : (err as Error).message})`);
  }
  if (header.engineVersion !== ENGINE_VERSION) throw new SnapshotError('stale', `built by search engine ${header.engineVersion}, this is ${ENGINE_VERSION}`);
  if (header.corpusHash !== corpus.hash) throw new SnapshotError('stale', `built for corpus ${header.corpusHash.slice(0, 12)}, corpus is ${corpus.hash.slice(0, 12)}`);
  const body = buf.subarray(start);
  const sections = new Map(header.sections.map((s) => [s.name, s]));
  for (const s of header.sections) if (s.offset + s.length > body.length) throw new SnapshotError('corrupt', `truncated (section ${s.name} ends past the end of the data)`);
  if (crc32(body) !== header.crc32) throw new SnapshotError('corrupt', 'checksum mismatch (the file was damaged or edited)');
  const sec = (name: SectionName) => sections.get(name) as { offset: number; length: number };
  const text = (name: SectionName) => body.toString('utf8', sec(name).offset, sec(name).offset + sec(name).length);

  const ids = header.docCount === 0 ? [] : text('ids').split('\n');
  const terms = header.termCount === 0 ? [] : text('terms').split('\n');
  const offsets = view(body, sec('offsets'), 4, (b, o, n) => new Uint32Array(b, o, n));
  const docs = view(body, sec('docs'), 4, (b, o, n) => new Int32Array(b, o, n));
  const tfs = view(body, sec('tfs'), 1, (b, o, n) => new Uint8Array(b, o, n));
  const fieldDf = view(body, sec('fieldDf'), 4, (b, o, n) => new Uint32Array(b, o, n));
  const maxTf = view(body, sec('maxTf'), 1, (b, o, n) => new Uint8Array(b, o, n));
  const minLen = view(body, sec('minLen'), 2, (b, o, n) => new Uint16Array(b, o, n));
  const fieldLen = view(body, sec('fieldLen'), 2, (b, o, n) => new Uint16Array(b, o, n));
  const v = header.termCount;
  const consistent =
    ids.length === header.docCount &&
    terms.length === v &&
    offsets.length === v + 1 &&
    offsets[v] === header.postingCount &&
    docs.length === header.postingCount &&
    tfs.length === header.postingCount * F &&
    fieldDf.length === v * F &&
    maxTf.length === v * F &&
    minLen.length === v * F &&
    fieldLen.length === header.docCount * F;
  if (!consistent) throw new SnapshotError('corrupt', 'section sizes do not match the header');

  // The checksum matched, so a mismatch here is a snapshot of another set of papers under the same hash.
  const wanted = new Set(corpus.papers.map((p) => p.id));
  if (ids.length !== wanted.size || ids.some((id) => !wanted.has(id))) {
    throw new SnapshotError('mismatch', `holds ${ids.length} papers that do not match the corpus (${wanted.size})`);
  }
  return new PostingsIndex({ terms, offsets, docs, tfs, fieldDf, maxTf, minLen }, ids.length, ids, fieldLen);
}
