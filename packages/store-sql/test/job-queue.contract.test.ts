import { jobQueueContract } from "@batch/testkit";
import { postgresJobStore, sqliteJobStore, sqliteMemoryJobStore } from "./job-store-fixtures";

jobQueueContract("SQLite file", sqliteJobStore);
jobQueueContract("SQLite :memory:", sqliteMemoryJobStore);
jobQueueContract("PostgreSQL", postgresJobStore);
