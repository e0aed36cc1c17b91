import { Either } from "effect";
import { blobStoreContract } from "../src/contracts/blob-store.contract";
import { makeMemoryBlobStore } from "../src/memory/memory-blob-store";

const options = { baseUrl: "http://127.0.0.1:3000", signingSecret: "a-secret-for-the-memory-contract-run" };
// Stores made with the same options sign alike, so one verifies what the others sign.
const verifier = makeMemoryBlobStore(options);

blobStoreContract("in-memory", {
  make: async () => makeMemoryBlobStore(options),
  signedUrls: { kind: "verifier", accepts: (check) => Either.isRight(verifier.verifySignedUrl(check)) },
});
