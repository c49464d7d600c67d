import { createImServer, ImErrorCode, type ImServer, PLATFORMS, type SimulatedSdk } from '@imstate/simulator';

export const server: ImServer = createImServer({
  sdkAppID: 1400000001,
  secretKey: 'fresh-app-only',
  latencyMs: 5,
});
export const simulatedSdk: SimulatedSdk = server.createClient({ platform: PLATFORMS[0] });

export function putThroughEveryState(userID: string): number {
  simulatedSdk.network.drop();
  simulatedSdk.network.restore();
  server.updateProfile(userID, { nickName: 'Fresh' });
  server.advanceTime(60_000);
  server.expireAllUserSigs();
  return server.kick(userID) + ImErrorCode.USER_SIG_EXPIRED;
}
