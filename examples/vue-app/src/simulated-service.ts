import { createImServer, type ImServer, type SimulatedSdk } from '@imstate/simulator';
import type { SessionOptions } from '@imstate/vue';
import { type InjectionKey, inject } from 'vue';

/** How long each UserSig the demo mints stays valid: one hour. */
const USER_SIG_SECONDS = 60 * 60;

/** The simulated IM service the demo runs on, and this tab's client of it. */
export interface SimulatedService {
  /** The in-process IM service: mints UserSigs, kicks users and moves its clock. */
  server: ImServer;
  /** This device's SDK client, whose network the demo controls drop and restore. */
  device: SimulatedSdk;
}

/**
 * Creates the simulated service. It stands in for Tencent Cloud Chat so the demo needs no account:
 * a real app passes `createTencentChatSdk(TencentCloudChat)` as `sdk` and never holds a secret key.
 */
export function createSimulatedService(options: { latencyMs?: number } = {}): SimulatedService {
  const server = createImServer({
    sdkAppID: 1400000001,
    secretKey: 'simulator-only-key',
    latencyMs: options.latencyMs ?? 0,
  });
  return { server, device: server.createClient({ platform: 'web' }) };
}

/**
 * Session options for one client of the simulated service. `getUserSig` asks the simulated server, as a real
 * app asks its own backend, so the session renews an expired UserSig by itself.
 */
export function sessionOptionsFor(server: ImServer, sdk: SimulatedSdk): SessionOptions {
  return {
    sdk,
    sdkAppID: server.sdkAppID,
    getUserSig: async (userID) => server.issueUserSig(userID, USER_SIG_SECONDS),
  };
}

/** Where `main.ts` provides the simulated service to the demo controls. */
export const simulatedServiceKey: InjectionKey<SimulatedService> = Symbol('simulated-service');

/** The simulated service provided by `main.ts`. */
export function useSimulatedService(): SimulatedService {
  const service = inject(simulatedServiceKey, null);
  if (!service) throw new Error('useSimulatedService() needs app.provide(simulatedServiceKey, service).');
  return service;
}
