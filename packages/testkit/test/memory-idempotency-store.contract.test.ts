import { idempotencyStoreContract } from "../src/contracts/idempotency-store.contract";
import { makeMemoryDb } from "../src/memory/memory-db";
import { makeMemoryIdempotencyStore } from "../src/memory/idempotency-store";

idempotencyStoreContract("memory", { make: async () => makeMemoryIdempotencyStore(makeMemoryDb()) });
