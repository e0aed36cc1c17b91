import { unitOfWorkContract } from "@batch/testkit";
import { postgresJobStore, sqliteJobStore, sqliteMemoryJobStore } from "./job-store-fixtures";

unitOfWorkContract("SQLite file", sqliteJobStore);
unitOfWorkContract("SQLite :memory:", sqliteMemoryJobStore);
unitOfWorkContract("PostgreSQL", postgresJobStore);
