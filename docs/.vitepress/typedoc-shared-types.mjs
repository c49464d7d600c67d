// A TypeDoc plugin for the API pages (docs/typedoc.json):
// - a name that a package re-exports from @imstate/core (the bindings re-export core's types and selectors so
//   apps import from one place) is documented once, on core's page: the package's page links to it instead;
// - a name that is both a type and a constant (`LogLevel`, `ImErrorCode`) gets one entry, the type's, which says
//   that the constant exists, instead of two entries of the same name.
import { Comment, Converter, ReflectionKind } from 'typedoc';

const CORE_SOURCES = /[\\/]packages[\\/]core[\\/]src[\\/]/;
const KIND_FOLDERS = {
  [ReflectionKind.Function]: 'functions',
  [ReflectionKind.Interface]: 'interfaces',
  [ReflectionKind.TypeAlias]: 'type-aliases',
  [ReflectionKind.Variable]: 'variables',
  [ReflectionKind.Class]: 'classes',
  [ReflectionKind.Enum]: 'enumerations',
};

/** Whether the package being converted is core itself (its entry point is one of core's sources). */
const isCore = (context) =>
  context.programs.some((program) => program.getRootFileNames().some((file) => CORE_SOURCES.test(file)));

/** @param {import('typedoc').Application} app */
export function load(app) {
  /** Top-level reflections of a package that are core's, by package. */
  const borrowed = new Map();
  /** The names core's page documents (core is converted first): a core name only a subpath exports stays put. */
  const coreNames = new Set();

  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    const project = context.project;
    if (reflection.parent !== project) return;
    if (isCore(context)) return void coreNames.add(reflection.name);
    const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile().fileName;
    if (!file || !CORE_SOURCES.test(file) || !coreNames.has(reflection.name)) return;
    if (!borrowed.has(project)) borrowed.set(project, []);
    borrowed.get(project).push(reflection);
  });

  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const project = context.project;
    const links = [];
    const reflections = borrowed.get(project) ?? [];
    for (const reflection of reflections) {
      const { name, kind } = reflection;
      // A type and a constant of one name are one entry on core's page: the type's (see below).
      const typeToo = reflections.some(
        (other) => other.name === name && other.kind === ReflectionKind.TypeAlias,
      );
      const folder = KIND_FOLDERS[typeToo ? ReflectionKind.TypeAlias : kind];
      if (folder && !links.some((link) => link.name === name)) {
        links.push({ name, href: `/api/@imstate/core/${folder}/${name}` });
      }
      project.removeReflection(reflection);
    }
    if (links.length > 0) {
      const list = links.map(({ name, href }) => `[\`${name}\`](${href})`).join(', ');
      const note = `**Shared with @imstate/core.** This package re-exports these names from \`@imstate/core\`, so an app can import everything from one place; they are documented there: ${list}.`;
      project.comment ??= new Comment();
      project.comment.summary.push({ kind: 'text', text: `\n\n${note}` });
    }
    mergeTypesWithTheirConstants(project);
  });
}

/** One entry for `export type X` + `export const X`: the type's, saying the constant exists. */
function mergeTypesWithTheirConstants(project) {
  const children = project.children ?? [];
  for (const variable of children.filter((child) => child.kind === ReflectionKind.Variable)) {
    const type = children.find(
      (child) => child.kind === ReflectionKind.TypeAlias && child.name === variable.name,
    );
    if (!type) continue;
    type.comment ??= new Comment();
    type.comment.summary.push({
      kind: 'text',
      text: `\n\nAlso a constant of the same name whose properties are these values: \`${variable.name}.${firstKey(variable)}\`, ….`,
    });
    project.removeReflection(variable);
  }
}

function firstKey(variable) {
  const declaration = variable.type?.declaration;
  return declaration?.children?.[0]?.name ?? 'KEY';
}
