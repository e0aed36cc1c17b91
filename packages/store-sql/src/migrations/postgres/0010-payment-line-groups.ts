import type { Kysely } from "kysely";

/**
 * Each payment-batch line row records the payment information block (PmtInfId) it was exported
 * in, so a bank's status for a whole block or message (pain.002 PmtInfSts or GrpSts without
 * transaction statuses) finds every line it is about. Rows are rewritten at every save of their
 * batch, so existing batches fill the column at their next save.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema.alterTable("payment_batch_lines").addColumn("export_transaction_group_id", "text").execute();
  await db.schema.createIndex("payment_batch_lines_group_idx").on("payment_batch_lines").columns(["org_id", "export_transaction_group_id"]).execute();
};
