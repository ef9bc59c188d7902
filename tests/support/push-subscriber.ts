/**
 * A push subscription as a browser makes one (a P-256 key pair and a 16-byte
 * auth secret), and the browser's side of message encryption: `decrypt`
 * reads what the push service received (RFC 8291 over RFC 8188 aes128gcm).
 */
import { createDecipheriv, createECDH, hkdfSync, randomBytes } from "node:crypto";

const TAG_LENGTH = 16;
const KEY_LENGTH = 65;

export type PushSubscriber = {
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
  decrypt(body: Buffer): string;
};

function hkdf(ikm: Buffer, salt: Buffer, info: string | Buffer, length: number): Buffer {
  return Buffer.from(hkdfSync("sha256", ikm, salt, info, length));
}

function recordNonce(base: Buffer, sequence: number): Buffer {
  const nonce = Buffer.from(base);
  // RFC 8188 §2.3: the sequence number is XORed into the nonce's low bytes; 4 bytes cover any test message.
  nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ sequence) >>> 0, 8);
  return nonce;
}

function withoutPadding(record: Buffer, last: boolean): Buffer {
  let end = record.length - 1;
  while (end >= 0 && record[end] === 0) end -= 1;
  const delimiter = record[end];
  if (delimiter !== (last ? 2 : 1)) throw new Error(`bad padding delimiter ${delimiter} in ${last ? "the last" : "a"} record`);
  return record.subarray(0, end);
}

export function createPushSubscriber(endpoint: string): PushSubscriber {
  const ecdh = createECDH("prime256v1");
  const userAgentPublic = ecdh.generateKeys();
  const authSecret = randomBytes(16);

  function decrypt(body: Buffer): string {
    const salt = body.subarray(0, 16);
    const recordSize = body.readUInt32BE(16);
    const keyIdLength = body[20];
    if (keyIdLength !== KEY_LENGTH) throw new Error(`keyid is ${keyIdLength} bytes, not the sender's public key`);
    const senderPublic = body.subarray(21, 21 + keyIdLength);
    const ciphertext = body.subarray(21 + keyIdLength);

    const sharedSecret = ecdh.computeSecret(senderPublic);
    const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), userAgentPublic, senderPublic]);
    const ikm = hkdf(sharedSecret, authSecret, keyInfo, 32);
    const contentKey = hkdf(ikm, salt, "Content-Encoding: aes128gcm\0", 16);
    const baseNonce = hkdf(ikm, salt, "Content-Encoding: nonce\0", 12);

    const plaintext: Buffer[] = [];
    for (let offset = 0, sequence = 0; offset < ciphertext.length; offset += recordSize, sequence += 1) {
      const record = ciphertext.subarray(offset, offset + recordSize);
      const decipher = createDecipheriv("aes-128-gcm", contentKey, recordNonce(baseNonce, sequence));
      decipher.setAuthTag(record.subarray(record.length - TAG_LENGTH));
      const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - TAG_LENGTH)), decipher.final()]);
      plaintext.push(withoutPadding(padded, offset + recordSize >= ciphertext.length));
    }
    return Buffer.concat(plaintext).toString("utf8");
  }

  return {
    subscription: { endpoint, keys: { p256dh: userAgentPublic.toString("base64url"), auth: authSecret.toString("base64url") } },
    decrypt,
  };
}
