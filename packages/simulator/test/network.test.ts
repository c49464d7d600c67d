import { describe, expect, it } from 'vitest';
import { flush, initialisedClient, loggedInClient, testServer } from './support';

describe('dropping and restoring a client network', () => {
  it('tells a logged-in client connecting then failed, and on restore connecting then success', async () => {
    const server = testServer();
    const client = await loggedInClient(server, 'alice');

    client.sdk.network.drop();
    await flush();
    expect(client.heard).toEqual(['connecting', 'connectFailed:2801']);
    expect(client.sdk.network.dropped).toBe(true);

    client.sdk.network.restore();
    await flush();
    expect(client.heard).toEqual(['connecting', 'connectFailed:2801', 'connecting', 'connectSuccess']);
    expect(client.sdk.network.dropped).toBe(false);
  });

  it('keeps the login across the outage: no new login, same place on the server', async () => {
    const server = testServer();
    const client = await loggedInClient(server, 'alice');
    const [before] = server.sessions();

    client.sdk.network.drop();
    expect(server.sessions()).toEqual([before]);
    client.sdk.network.restore();
    await flush();
    expect(server.sessions()).toEqual([before]);
    expect(client.sdk.userID).toBe('alice');
  });

  it('tells a client that is not logged in nothing', async () => {
    const client = initialisedClient(testServer());
    await client.init;
    client.sdk.network.drop();
    client.sdk.network.restore();
    await flush();

    expect(client.heard).toEqual([]);
  });

  it('ignores a second drop and a restore without a drop', async () => {
    const client = await loggedInClient(testServer(), 'alice');
    client.sdk.network.restore();
    client.sdk.network.drop();
    client.sdk.network.drop();
    client.sdk.network.restore();
    client.sdk.network.restore();
    await flush();

    expect(client.heard).toEqual(['connecting', 'connectFailed:2801', 'connecting', 'connectSuccess']);
  });

  it('tells a client kicked while dropped only on restore, as connecting then kicked', async () => {
    const server = testServer();
    const dropped = await loggedInClient(server, 'alice', 'ios');
    dropped.sdk.network.drop();
    await loggedInClient(server, 'alice', 'ios');
    await flush();
    expect(dropped.heard).toEqual(['connecting', 'connectFailed:2801']);

    dropped.sdk.network.restore();
    await flush();
    expect(dropped.heard.slice(2)).toEqual(['connecting', 'kicked:multipleDevice']);
  });

  it('tells a client whose UserSig expired while dropped connecting then userSigExpired, not success', async () => {
    let wall = 1_800_000_000_000;
    const server = testServer({ now: () => wall });
    const client = await loggedInClient(server, 'alice', 'web', 60);
    client.sdk.network.drop();
    wall += 60_000;
    client.sdk.network.restore();
    await flush();

    expect(client.heard.slice(2)).toEqual(['connecting', 'userSigExpired']);
    expect(client.sdk.userID).toBeUndefined();
  });

  it('brings a profile change made during the outage after the reconnect', async () => {
    const server = testServer();
    const client = await loggedInClient(server, 'alice');
    client.sdk.network.drop();
    server.updateProfile('alice', { nickName: 'A' });
    server.updateProfile('alice', { nickName: 'Alice' });
    client.sdk.network.restore();
    await flush();

    expect(client.heard.slice(2)).toEqual([
      'connecting',
      'connectSuccess',
      'selfInfo:{"userID":"alice","nickName":"Alice"}',
    ]);
  });

  it('logs out while dropped, and has nothing to say on restore', async () => {
    const server = testServer();
    const client = await loggedInClient(server, 'alice');
    client.sdk.network.drop();
    server.kick('alice');

    expect((await client.sdk.logout()).code).toBe(0);
    client.sdk.network.restore();
    await flush();
    expect(client.heard).toEqual([]);
  });
});
