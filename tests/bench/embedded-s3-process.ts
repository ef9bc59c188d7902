/**
 * The embedded S3 (s3rver) in a process of its own, for bench:retention:
 * s3rver scans an object's folder synchronously on every delete, which
 * would stall whichever process hosts it — the bench's own timings included.
 * Prints its S3_* environment as one JSON line, then serves until killed.
 */
import { startEmbeddedS3 } from "~/server/embedded-s3";

const storage = await startEmbeddedS3(process.argv[2]);
console.log(JSON.stringify(storage.env));
