import { identityStoreContract } from "../src/contracts/identity-store.contract";
import { makeMemoryDb } from "../src/memory/memory-db";
import { makeMemoryIdentityStore } from "../src/memory/identity-store";

identityStoreContract("memory", { make: async () => makeMemoryIdentityStore(makeMemoryDb()) });
