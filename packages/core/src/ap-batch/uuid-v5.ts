/**
 * Name-based UUIDs (RFC 9562 version 5: SHA-1 of a namespace and a name), written out here
 * because the core may not import `node:crypto` and has no Web Crypto types. An AP invoice's
 * `apMatchedInvoiceId` is derived from its natural key with it, so re-applying an INVOICE batch
 * after a crash, or on another node, gives the invoice the same id without a random source.
 */

/** UTF-8 bytes of a string (lone surrogates become U+FFFD, as TextEncoder does). */
const utf8 = (text: string): Uint8Array => {
  const bytes: number[] = [];
  for (const char of text) {
    let cp = char.codePointAt(0) ?? 0xfffd;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return Uint8Array.from(bytes);
};

/** The message schedule, reused by every call (the core runs on one thread per isolate). */
const SCHEDULE = new Int32Array(80);

/**
 * SHA-1 (FIPS 180-4) of a byte string: 20 bytes. Written to allocate nothing per block: it runs
 * once per applied invoice, hundreds of thousands of times per batch.
 */
export const sha1 = (message: Uint8Array): Uint8Array => {
  const bitLength = message.length * 8;
  const padded = new Uint8Array(Math.ceil((message.length + 9) / 64) * 64);
  padded.set(message);
  padded[message.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);

  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0 | 0;
  const w = SCHEDULE;
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let t = 0; t < 16; t++) {
      const i = offset + t * 4;
      w[t] = ((padded[i] as number) << 24) | ((padded[i + 1] as number) << 16) | ((padded[i + 2] as number) << 8) | (padded[i + 3] as number);
    }
    for (let t = 16; t < 80; t++) {
      const x = (w[t - 3] as number) ^ (w[t - 8] as number) ^ (w[t - 14] as number) ^ (w[t - 16] as number);
      w[t] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    // The four rounds of 20 steps, each with its own function and constant.
    for (let t = 0; t < 80; t++) {
      let f: number;
      let k: number;
      if (t < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (t < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const temp = (((a << 5) | (a >>> 27)) + f + e + k + (w[t] as number)) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = temp;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  const digest = new Uint8Array(20);
  const out = new DataView(digest.buffer);
  out.setInt32(0, h0);
  out.setInt32(4, h1);
  out.setInt32(8, h2);
  out.setInt32(12, h3);
  out.setInt32(16, h4);
  return digest;
};

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

const namespaceBytes = new Map<string, Uint8Array>();
const bytesOfNamespace = (namespace: string): Uint8Array => {
  let bytes = namespaceBytes.get(namespace);
  if (bytes === undefined) {
    const ns = namespace.replace(/-/g, "");
    bytes = Uint8Array.from({ length: 16 }, (_, i) => parseInt(ns.slice(i * 2, i * 2 + 2), 16));
    namespaceBytes.set(namespace, bytes);
  }
  return bytes;
};

/** The version 5 UUID of `name` in `namespace` (a UUID), in lower case. */
export const uuidV5 = (namespace: string, name: string): string => {
  // ASCII, the usual case, is written straight into the input, one byte per character.
  let input = new Uint8Array(16 + name.length);
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code >= 0x80) {
      const nameBytes = utf8(name);
      input = new Uint8Array(16 + nameBytes.length);
      input.set(nameBytes, 16);
      break;
    }
    input[16 + i] = code;
  }
  input.set(bytesOfNamespace(namespace));
  const bytes = sha1(input);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  let text = "";
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text += "-";
    text += HEX[bytes[i] as number];
  }
  return text;
};
