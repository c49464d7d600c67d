import { packageConfig } from '../../vitest.shared.ts';

/**
 * A line the real `@tencentcloud/chat` logs, e.g. ` Chat  07:15:51.045 TencentCloudChat.VERSION:3.6.6`. It logs on
 * import and inside `create()`, before any log level can be set (docs/tencent-chat.md), so its lines are dropped
 * from test output; what the tests check is what the adapter does, and anything else a test prints still shows.
 */
const SDK_LOG_LINE = /^\s*Chat\s+\d{2}:\d{2}:\d{2}\.\d{3}\s/;

export default packageConfig({ test: { onConsoleLog: (log) => !SDK_LOG_LINE.test(log) } });
