import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { Either } from "effect";
import { blobStoreContract } from "@batch/testkit";
import { FS_BLOB_URL_PATH, makeFsBlobStore, verifyFsSignedUrl } from "../src";

const base = mkdtempSync(path.join(tmpdir(), "blob-fs-contract-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const publicBaseUrl = "http://127.0.0.1:3000";
const signingSecret = "fs-contract-signing-secret-0123456789";
let stores = 0;

blobStoreContract("filesystem", {
  make: async () => {
    stores += 1;
    return makeFsBlobStore({ root: path.join(base, `store-${stores}`), publicBaseUrl, signingSecret });
  },
  signedUrls: {
    kind: "verifier",
    accepts: ({ url, method, now }) => {
      const prefix = `${publicBaseUrl}${FS_BLOB_URL_PATH}`;
      if (!url.startsWith(prefix)) return false;
      const [key = "", query = ""] = url.slice(prefix.length).split("?", 2);
      const params = new URLSearchParams(query);
      const check = {
        method,
        key,
        expires: params.get("expires") ?? undefined,
        signature: params.get("signature") ?? undefined,
        now,
        secret: signingSecret,
      };
      return Either.isRight(verifyFsSignedUrl(check));
    },
  },
});
