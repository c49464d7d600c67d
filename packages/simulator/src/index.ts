export { ImErrorCode } from './error-codes';
export { createImServer } from './server';
export type {
  ClientOptions,
  ImServer,
  ImServerOptions,
  Platform,
  ProfilePatch,
  ServerSession,
  SimulatedNetwork,
  SimulatedSdk,
} from './simulator.types';
export { PLATFORMS } from './simulator.types';
