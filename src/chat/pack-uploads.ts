import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** A file as it goes up: its name on the platform and its bytes. */
export interface UploadFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface UploadLimits {
  /** The most one upload request may carry in all (Mattermost: 100 MiB). */
  readonly maxRequestBytes: number;
  /** The most files one request (and one post) may carry. */
  readonly maxFilesPerRequest: number;
}

export interface PackedUploads {
  /** The files of each request, in order; each request within the limits. */
  readonly requests: readonly (readonly UploadFile[])[];
  /** What was done to a file to make it fit, to say in the upload's comment (empty when nothing). */
  readonly notes: readonly string[];
}

// Multipart headers and boundaries of one request, with room to spare.
const REQUEST_OVERHEAD = 64 * 1024;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/**
 * Packs files into as few upload requests as the platform takes, in order. A file too big for one
 * request is gzipped (off the event loop); one still too big after that is cut into numbered
 * pieces (`name.gz.001`, …) that `cat` joins again. Nothing is left out; `notes` says what changed.
 */
export async function packUploads(files: readonly { readonly name: string; readonly content: string | Uint8Array }[], limits: UploadLimits): Promise<PackedUploads> {
  const room = limits.maxRequestBytes - REQUEST_OVERHEAD;
  if (room <= 0 || limits.maxFilesPerRequest < 1) throw new Error(`upload limits leave no room for a file: ${JSON.stringify(limits)}`);
  const fitted: UploadFile[] = [];
  const notes: string[] = [];
  for (const file of files) {
    const bytes = typeof file.content === 'string' ? Buffer.from(file.content) : file.content;
    if (bytes.length <= room) {
      fitted.push({ name: file.name, bytes });
      continue;
    }
    const zipped = await gzipAsync(bytes, { level: 6 });
    if (zipped.length <= room) {
      fitted.push({ name: `${file.name}.gz`, bytes: zipped });
      notes.push(`${file.name} (${megabytes(bytes.length)}) is sent gzipped as ${file.name}.gz (${megabytes(zipped.length)}).`);
      continue;
    }
    const count = Math.ceil(zipped.length / room);
    const width = Math.max(3, String(count).length);
    for (let index = 0; index < count; index += 1) {
      fitted.push({ name: `${file.name}.gz.${String(index + 1).padStart(width, '0')}`, bytes: zipped.subarray(index * room, (index + 1) * room) });
    }
    notes.push(
      `${file.name} (${megabytes(bytes.length)}, ${megabytes(zipped.length)} gzipped) is sent in ${count} pieces: ` +
        `cat ${file.name}.gz.* > ${file.name}.gz && gunzip ${file.name}.gz`,
    );
  }
  const requests: UploadFile[][] = [];
  let current: UploadFile[] = [];
  let size = 0;
  for (const file of fitted) {
    if (current.length > 0 && (current.length >= limits.maxFilesPerRequest || size + file.bytes.length > room)) {
      requests.push(current);
      current = [];
      size = 0;
    }
    current.push(file);
    size += file.bytes.length;
  }
  if (current.length > 0) requests.push(current);
  return { requests, notes };
}
