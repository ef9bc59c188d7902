import S3rver from "s3rver";
import { ensurePrivateDir } from "~/utils/private-files.server";

export interface EmbeddedS3 {
  /** What S3_* the app needs to use it. */
  env: { S3_ENDPOINT: string; S3_ACCESS_KEY_ID: string; S3_SECRET_ACCESS_KEY: string; S3_FORCE_PATH_STYLE: "true"; S3_PRESIGNED_DOWNLOADS: "false" };
  stop(): Promise<void>;
}

/**
 * s3rver, an S3-protocol server storing objects as plain files, on a free
 * loopback port: the storage of `npm start`'s embedded defaults and of the
 * test suite. It runs in the calling process (as that user: a private data
 * directory is fine even as root), logs nothing, and accepts any credentials
 * because it checks no signatures — so downloads through it are always
 * streamed by the app, never presigned.
 */
export async function startEmbeddedS3(directory: string): Promise<EmbeddedS3> {
  ensurePrivateDir(directory);
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory });
  const { port } = await server.run();
  return {
    env: {
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
      S3_FORCE_PATH_STYLE: "true",
      S3_PRESIGNED_DOWNLOADS: "false",
    },
    stop: () => server.close(),
  };
}
