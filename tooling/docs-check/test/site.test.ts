import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createSession,
  ErrorCode,
  EXPIRED_SIG_CODES,
  type ImResult,
  PERMANENT_LOGIN_CODES,
  type SessionActor,
  type SessionError,
  type SessionOptions,
  selectSubstate,
} from '@imstate/core';
import { codeBlocks } from '@imstate/test-support/markdown';
import { type Answer, createScriptedSdk, ok, result } from '@imstate/test-support/scripted-sdk';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { githubSlug } from '../../../docs/.vitepress/slug';

/**
 * The docs site (docs/, built by VitePress) stays honest: the code on its own pages is compiled, tested files; its
 * internal links and anchors resolve; its error-code page matches the code. VitePress's build checks that linked
 * pages exist; this suite also checks anchors, links out of docs/ and the sidebar, without a build.
 */

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const docs = join(repo, 'docs');
const read = (path: string) => readFileSync(path, 'utf8');

/** Pages whose code blocks must each be a marked copy of a file (the framework pages have their own suites). */
const MARKED_PAGES = ['getting-started.md', 'recipes.md', 'inspector.md', 'tabs.md'];
const MARKER = /^<!-- example: ((?:packages|docs|examples)\/[\w./@-]+) -->$/;
const CODE_FENCE = /^```(ts|tsx|typescript|js|jsx|javascript|mts|vue)( \[[^\]]+\])?\s*$/;

/** The code blocks of a page, each with the example file its marker names, if any. */
const fences = (markdown: string) =>
  codeBlocks(markdown).map((block) => ({ ...block, example: MARKER.exec(block.above)?.[1] }));

describe.each(MARKED_PAGES)('docs/%s', (page) => {
  const markdown = read(join(docs, page));

  it('shows code only as marked copies of files that are compiled and tested', () => {
    const code = fences(markdown).filter((fence) => CODE_FENCE.test(fence.info));
    expect(code.length).toBeGreaterThan(0);
    for (const fence of code) {
      expect(
        fence.example,
        `the block at line ${fence.line} has no <!-- example: … --> marker`,
      ).toBeDefined();
      expect(fence.code, `the block at line ${fence.line} differs from ${fence.example}`).toBe(
        read(join(repo, fence.example!)),
      );
    }
  });

  it('has each example marker right above a code block', () => {
    const lines = markdown.split('\n');
    lines.forEach((line, index) => {
      if (!line.includes('<!-- example:')) return;
      expect(line, `malformed marker at line ${index + 1}`).toMatch(MARKER);
      expect(lines[index + 1], `marker at line ${index + 1}`).toMatch(CODE_FENCE);
    });
  });
});

describe('docs/examples', () => {
  const examplesDir = join(docs, 'examples');
  const files = readdirSync(examplesDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.tsx?$/.test(name))
    .map((name) => `docs/examples/${name.split('\\').join('/')}`);

  it('are each shown on a page', () => {
    const shown = MARKED_PAGES.flatMap((page) =>
      fences(read(join(docs, page))).map((fence) => fence.example),
    );
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(shown, `${file} is on no page`).toContain(file);
  });

  it('type-check', () => {
    const configFile = join(examplesDir, 'tsconfig.json');
    const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
    expect(error).toBeUndefined();
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, examplesDir);
    expect(parsed.fileNames.map((file) => relative(repo, file).split('\\').join('/')).sort()).toEqual(
      [...files].sort(),
    );
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file
        ? `${relative(repo, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}: `
        : '';
      return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    });
    expect(problems).toEqual([]);
  }, 120_000);
});

// ─── Links ───

/** Every page of the site that is written by hand or generated into the repository (not docs/api). */
function pages(dir = docs): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return ['api', 'examples', 'node_modules'].includes(name) || name.startsWith('.') ? [] : pages(path);
    }
    return name.endsWith('.md') ? [relative(docs, path).split('\\').join('/')] : [];
  });
}

/** Markdown without code blocks and code spans, where links cannot be. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** The anchors of a page's headings, as GitHub and (configured so) VitePress make them. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const withoutCode = markdown.replace(/^```[\s\S]*?^```/gm, '');
  for (const [, heading = ''] of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const custom = /\{#([\w-]+)\}\s*$/.exec(heading);
    if (custom) {
      anchors.add(custom[1]!);
      continue;
    }
    // Code spans count as text (`<SessionProvider>` included); HTML tags and emphasis marks do not.
    const text = heading
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .split(/(`[^`]*`)/)
      .map((part) =>
        part.startsWith('`')
          ? part.slice(1, -1)
          : part
              .replace(/<[^>]+>/g, '')
              .replace(/\*+/g, '')
              .replace(/\\(.)/g, '$1'),
      )
      .join('');
    const base = githubSlug(text);
    let slug = base;
    for (let n = 1; anchors.has(slug); n++) slug = `${base}-${n}`;
    anchors.add(slug);
  }
  return anchors;
}

const anchorsCache = new Map<string, Set<string>>();
const anchorsOfPage = (page: string) => {
  if (!anchorsCache.has(page)) anchorsCache.set(page, anchorsOf(read(join(docs, page))));
  return anchorsCache.get(page)!;
};

/** Why a link from `page` does not resolve, or undefined when it does. */
function brokenLink(page: string, href: string): string | undefined {
  if (/^[a-z][a-z\d+.-]*:/i.test(href)) return undefined;
  const [path = '', anchor] = href.split('#');
  let target: string;
  if (path === '') target = page;
  else if (path.startsWith('/')) {
    const route = path.slice(1);
    // The API pages are generated by `pnpm docs:api` at build time; VitePress checks links into them.
    if (route === 'api/' || route.startsWith('api/')) return undefined;
    const candidates = [
      `${route}.md`,
      `${route.replace(/\/$/, '')}/index.md`,
      route === '' ? 'index.md' : '',
    ];
    const found = candidates.find((candidate) => candidate && existsSync(join(docs, candidate)));
    if (!found) return `no page for ${path}`;
    target = found;
  } else {
    target = posix.normalize(posix.join(posix.dirname(page), decodeURIComponent(path)));
    if (target.startsWith('api/')) return undefined;
    if (!existsSync(join(docs, target))) return `${target} does not exist`;
  }
  if (anchor === undefined || !target.endsWith('.md') || target.startsWith('../')) return undefined;
  return anchorsOfPage(target).has(anchor) ? undefined : `${target} has no heading #${anchor}`;
}

describe.each(pages())('links on docs/%s', (page) => {
  it('resolve: pages, files and heading anchors', () => {
    const markdown = read(join(docs, page));
    const links = [
      ...[...prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]!),
      ...[...prose(markdown).matchAll(/^\[[^\]]+\]:\s*(\S+)/gm)].map((match) => match[1]!),
      // The home page's hero and feature links.
      ...[...(/^---\n([\s\S]*?)\n---/.exec(markdown)?.[1] ?? '').matchAll(/^\s*link:\s*(\S+)/gm)].map(
        (match) => match[1]!,
      ),
    ];
    const broken = links.flatMap((href) => {
      const why = brokenLink(page, href);
      return why ? [`${href}: ${why}`] : [];
    });
    expect(broken).toEqual([]);
  });
});

describe('the site configuration', () => {
  const config = read(join(docs, '.vitepress/config.mts'));

  it('links the nav and the sidebar to pages that exist', () => {
    const links = [...config.matchAll(/link: '(\/[^']*)'/g)].map((match) => match[1]!);
    expect(links).toEqual(
      expect.arrayContaining(['/getting-started', '/state-machine', '/inspector', '/api/']),
    );
    const broken = links.flatMap((href) => {
      const why = brokenLink('index.md', href);
      return why ? [`${href}: ${why}`] : [];
    });
    expect(broken).toEqual([]);
  });

  it('puts every hand-written page in the sidebar', () => {
    const linked = new Set([...config.matchAll(/link: '\/([^']*)'/g)].map((match) => `${match[1]}.md`));
    const unlisted = pages().filter((page) => page !== 'index.md' && !linked.has(page));
    expect(unlisted).toEqual([]);
  });
});

// ─── docs/errors.md ───

describe('docs/errors.md', () => {
  const markdown = read(join(docs, 'errors.md'));
  const ownRows = [...markdown.matchAll(/^\| `([A-Z_]+)` \| `(\w+)` \|/gm)].map(([, code, source]) => ({
    code: code!,
    source: source!,
  }));
  const classRows = [...markdown.matchAll(/^\| `(expired|permanent|transient)` \| ([^|]+) \|/gm)].map(
    ([, kind, codes]) => ({ kind: kind!, codes: [...codes!.matchAll(/\b\d{4,5}\b/g)].map(Number) }),
  );

  it('lists every code the session makes, once', () => {
    expect(ownRows.map((row) => row.code).sort()).toEqual(Object.keys(ErrorCode).sort());
  });

  it('lists the expired and permanent codes exactly as the session exports them', () => {
    expect(classRows.map((row) => row.kind)).toEqual(['expired', 'permanent', 'transient']);
    const lists = { expired: EXPIRED_SIG_CODES, permanent: PERMANENT_LOGIN_CODES };
    for (const row of classRows.filter((candidate) => candidate.kind !== 'transient')) {
      expect([...row.codes].sort(), row.kind).toEqual([...lists[row.kind as keyof typeof lists]].sort());
    }
  });

  // "any code in no list" (12345) is transient too.
  const classified = classRows.flatMap((row) =>
    [...row.codes, ...(row.kind === 'transient' ? [12345] : [])].map((code) => [row.kind, code] as const),
  );
  it.each(classified)(
    'treats a login failing with a code of the %s row (%i) as the page says',
    async (kind, code) => {
      expect(await handlingOf(code)).toBe(kind);
    },
  );

  it.each(Object.keys(ErrorCode))('gives the source the session records with %s', async (code) => {
    const documented = ownRows.find((row) => row.code === code)?.source;
    expect((await recordedError(code as keyof typeof ErrorCode)).source).toBe(documented);
  });
});

const started: SessionActor[] = [];
afterEach(() => {
  for (const session of started.splice(0)) session.stop();
});

/**
 * How a session handles a login failing with `code`, told by what it does: `expired` refreshes (sigExpired),
 * `permanent` gives up after one login, `transient` logs in again.
 */
async function handlingOf(code: number): Promise<'expired' | 'permanent' | 'transient'> {
  const { sdk } = createScriptedSdk({ otherwise: { login: result(code, 'refused') } });
  const session = createSession({ sdk, sdkAppID: 1400000001, retry: { maxAttempts: 2, baseDelayMs: 0 } });
  started.push(session.start());
  await waitFor(session, (snapshot) => snapshot.matches('loggedOut'));
  session.send({ type: 'LOGIN', userID: 'alice', userSig: 'x' });
  const snapshot = await waitFor(session, (current) =>
    ['sigExpired.waiting', 'loggedOut.idle'].includes(selectSubstate(current)),
  );
  if (selectSubstate(snapshot) === 'sigExpired.waiting') return 'expired';
  return sdk.login.mock.calls.length === 1 ? 'permanent' : 'transient';
}

/** Drives a session into the situation the errors page describes for `code`; returns the error it records. */
async function recordedError(code: keyof typeof ErrorCode): Promise<SessionError> {
  const once = { maxAttempts: 1 };
  const failingProvider: SessionOptions['getUserSig'] = async () => {
    throw new Error('endpoint down');
  };
  const scripts: Record<
    keyof typeof ErrorCode,
    () => [Partial<SessionOptions>, (session: SessionActor) => void]
  > = {
    INVALID_SDK_APP_ID: () => [{ sdkAppID: 0 }, () => {}],
    INVALID_USER_ID: () => [{}, (session) => session.send({ type: 'LOGIN', userID: 'a@b', userSig: 'x' })],
    INVALID_USER_SIG: () => [{}, (session) => session.send({ type: 'LOGIN', userID: 'alice' })],
    SDK_EXCEPTION: () => [
      { retry: once },
      (session) => session.send({ type: 'LOGIN', userID: 'a', userSig: 'x' }),
    ],
    LOGIN_TIMEOUT: () => [
      { retry: once, loginTimeoutMs: 5 },
      (session) => session.send({ type: 'LOGIN', userID: 'alice', userSig: 'x' }),
    ],
    USER_SIG_PROVIDER_FAILED: () => [
      { retry: once, getUserSig: failingProvider },
      (session) => session.send({ type: 'LOGIN', userID: 'alice' }),
    ],
    USER_SIG_REFRESH_FAILED: () => [
      { sigRetry: once, getUserSig: failingProvider },
      (session) => session.send({ type: 'LOGIN', userID: 'alice', userSig: 'x' }),
    ],
  };
  const logins: Partial<Record<keyof typeof ErrorCode, Answer<ImResult>>> = {
    SDK_EXCEPTION: { reject: new Error('no code') },
    LOGIN_TIMEOUT: 'never',
  };
  const fake = createScriptedSdk({ otherwise: { login: logins[code] ?? ok } });
  const [options, act] = scripts[code]();
  const session = createSession({ sdk: fake.sdk, sdkAppID: 1400000001, ...options });
  started.push(session.start());
  if (code !== 'INVALID_SDK_APP_ID') await waitFor(session, (snapshot) => snapshot.matches('loggedOut'));
  act(session);
  if (code === 'USER_SIG_REFRESH_FAILED') {
    await waitFor(session, (snapshot) => snapshot.matches('online'));
    fake.listener.onUserSigExpired();
  }
  const snapshot = await waitFor(session, (current) => current.context.error?.code === code, {
    timeout: 1_000,
  });
  return snapshot.context.error!;
}
