/** Background job handlers by kind, for the worker. */
import { ContainerModule } from "inversify";
import { bindService } from "./token";
import { Tokens } from "./tokens";

export const jobsModule = new ContainerModule(({ bind }) => {
  bindService(bind, Tokens.JobHandlers, () => ({}));
});
