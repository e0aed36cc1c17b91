import type { JobOutbox } from "../../ports/job-queue";
import type { BatchProcessRepository } from "../../ports/batch-process-repository";
import type { ReceivableStores } from "../../ports/receivable-stores";

/** The unit-of-work bag of the eBill use cases: the processes, the receivable books and the job outbox. */
export interface EbillStores extends ReceivableStores {
  readonly batchProcesses: BatchProcessRepository;
  readonly jobs: JobOutbox;
}
