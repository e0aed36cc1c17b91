/**
 * Typed inversify service identifiers. Inversify types a symbol identifier as
 * `ServiceIdentifier<unknown>`, so the service type is carried by a phantom brand and the
 * `bindService`/`resolve` pair keeps binding and lookup in step without decorators or
 * `reflect-metadata`.
 */
import type { BindWhenOnFluentSyntax, ContainerModuleLoadOptions, ResolutionContext, ServiceIdentifier } from "inversify";

declare const serviceType: unique symbol;
export type Token<T> = symbol & { readonly [serviceType]?: T };

export const token = <T>(description: string): Token<T> => Symbol(description) as Token<T>;

interface Resolver {
  getAsync<T>(serviceIdentifier: ServiceIdentifier<T>): Promise<T>;
}

/**
 * The service a token names, from a resolution context or a container. Resolution is always
 * asynchronous because some services open connections when built.
 */
export const resolve = <T>(from: Resolver, id: Token<T>): Promise<T> => from.getAsync<T>(id);

/** Binds `id` to a singleton built by `build` from the other services it resolves. */
export const bindService = <T>(
  bind: ContainerModuleLoadOptions["bind"],
  id: Token<T>,
  build: (context: ResolutionContext) => T | Promise<T>,
): BindWhenOnFluentSyntax<T> => bind<T>(id).toDynamicValue(build).inSingletonScope();
