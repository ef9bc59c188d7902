import { once } from "node:events";
import { PassThrough } from "node:stream";
import { Zip, ZipDeflate, ZipPassThrough } from "fflate";

export interface ZipStream {
  /** The archive's bytes as they are made: hand it to the upload while the entries are added. */
  readonly output: PassThrough;
  /** Adds one entry from its chunks (text or bytes), compressed unless `stored` (media already is). */
  add(name: string, chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, options?: { stored?: boolean }): Promise<void>;
  /** Writes the central directory: the archive is complete when the output ends. */
  end(): void;
  /** Gives up: the upload reading `output` fails with `error`. */
  fail(error: Error): void;
}

const encoder = new TextEncoder();

/**
 * A zip written entry by entry into a stream, never whole in memory: fflate's
 * streaming `Zip` hands over each compressed chunk as it is made, and adding
 * waits whenever the reader (the S3 upload) is behind.
 */
export function createZipStream(): ZipStream {
  const output = new PassThrough();
  let failure: Error | null = null;
  const zip = new Zip((error, chunk, final) => {
    if (error) return output.destroy(error);
    output.write(chunk);
    if (final) output.end();
  });
  const drained = async () => {
    if (failure) throw failure;
    if (output.writableNeedDrain) await once(output, "drain");
  };
  return {
    output,
    async add(name, chunks, options = {}) {
      const entry = options.stored ? new ZipPassThrough(name) : new ZipDeflate(name, { level: 6 });
      zip.add(entry);
      for await (const chunk of chunks) {
        const bytes = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
        if (bytes.length) entry.push(bytes);
        await drained();
      }
      entry.push(new Uint8Array(0), true);
      await drained();
    },
    end: () => zip.end(),
    fail(error) {
      failure = error;
      output.destroy(error);
    },
  };
}
