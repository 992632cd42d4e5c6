import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The layout docs/architecture.md describes, kept by a test: each part is changed in its own folder, so a
// part reads only what is shared (lib/) and the parts it is built on, and nothing imports in a circle.
const root = resolve(import.meta.dirname, "..");
const parts = [
  "dashboard",
  "emails",
  "gateway",
  "jobs",
  "lib",
  "scripts",
  "subgraphs/review",
  "subgraphs/shop",
  "test",
  "tracker",
];

// What each part may import besides itself. The worker renders the emails, the gateway serves the tracker
// script; the scripts and the tests drive everything.
const mayImport: Record<string, readonly string[]> = {
  lib: [],
  emails: ["lib"],
  tracker: ["lib"],
  dashboard: ["lib"],
  gateway: ["lib", "tracker"],
  "subgraphs/review": ["lib"],
  "subgraphs/shop": ["lib"],
  jobs: ["lib", "emails"],
  scripts: parts,
  test: parts,
};

function sourceFiles(): string[] {
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((path) => /\.tsx?$/.test(path) && !/(^|\/)(node_modules|\.data|dist|bench-results)\//.test(path))
    .filter((path) => partOf(path) !== undefined);
}

/** A test beside the code it tests belongs with the tests: it may reach for their helpers. */
function partOf(path: string): string | undefined {
  if (/\.test\.tsx?$/.test(path)) return "test";
  return parts.find((part) => path.startsWith(`${part}/`));
}

/**
 * The project files a file imports at run time: relative specifiers only (packages are not the layout's
 * concern), type-only imports left out (they vanish when compiled, and the generated resolver types import
 * each subgraph's context by design).
 */
function importsOf(path: string, types = false): string[] {
  const source = ts.createSourceFile(path, readFileSync(join(root, path), "utf8"), ts.ScriptTarget.Latest);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && (types || !isTypeOnly(statement.importClause))) {
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier &&
      (types || !statement.isTypeOnly)
    ) {
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specifiers
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) => relative(root, resolve(root, dirname(path), specifier)));
}

function isTypeOnly(clause: ts.ImportClause | undefined): boolean {
  if (!clause) return false; // `import "./x.ts"` runs the module
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    !clause.name &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.every((e) => e.isTypeOnly)
  );
}

const graph = new Map(sourceFiles().map((path) => [path, importsOf(path)]));

/** The import cycles among `nodes` (each found once, from its first file in a depth-first walk). */
function cycles(edges: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const trail: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    trail.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === "open") found.push([...trail.slice(trail.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    trail.pop();
    state.set(node, "done");
  };
  for (const node of edges.keys()) if (!state.has(node)) visit(node);
  return found;
}

/**
 * The two sibling folders an import between two folders crosses (`lib/transport/x` to `lib/runtime/y`
 * crosses lib/transport to lib/runtime), or nothing when one folder holds the other.
 */
function siblingsBetween(from: string, to: string): [string, string] | undefined {
  const a = from.split("/");
  const b = to.split("/");
  let shared = 0;
  while (shared < a.length && shared < b.length && a[shared] === b[shared]) shared++;
  if (shared === a.length || shared === b.length) return undefined;
  return [a.slice(0, shared + 1).join("/"), b.slice(0, shared + 1).join("/")];
}

describe("the layout", () => {
  it("finds the project's files and their imports", () => {
    expect(graph.size).toBeGreaterThan(200);
    expect(graph.get("jobs/worker.ts")).toContain("jobs/dispatch.ts");
  });

  it("has every part import only itself, what is shared and the parts it is built on", () => {
    const crossings: string[] = [];
    for (const [file, imported] of graph) {
      const part = partOf(file) as string;
      for (const target of imported) {
        const targetPart = partOf(target);
        if (targetPart !== part && !mayImport[part]?.includes(targetPart ?? ""))
          crossings.push(`${file} -> ${target}`);
      }
    }
    expect(crossings).toEqual([]);
  });

  it("has no file that imports itself through others, types included", () => {
    // A reader follows a type as they follow a value. The generated resolver types are left out: they
    // import each subgraph's context and row types by design, and nobody edits them.
    const edges = new Map(
      [...graph.keys()]
        .filter((file) => !file.includes("/generated/"))
        .map((file) => [
          file,
          new Set(importsOf(file, true).filter((target) => !target.includes("/generated/"))),
        ]),
    );
    expect(cycles(edges)).toEqual([]);
  });

  it("has no two sibling folders that import each other, directly or around a circle", () => {
    // A folder and its subfolders may use each other (a server and its resolvers, the resolvers and the
    // server's ingest); between siblings, imports go one way.
    const edges = new Map<string, Set<string>>();
    for (const [file, imported] of graph) {
      if (partOf(file) === "test") continue;
      for (const target of imported) {
        const siblings = siblingsBetween(dirname(file), dirname(target));
        if (!siblings) continue;
        const targets = edges.get(siblings[0]) ?? new Set();
        edges.set(siblings[0], targets.add(siblings[1]));
      }
    }
    expect(edges.get("lib/runtime")).toContain("lib/transport");
    expect(cycles(edges)).toEqual([]);
  });

  it("sees a cycle when there is one", () => {
    const edges = new Map([
      ["a", new Set(["b"])],
      ["b", new Set(["c"])],
      ["c", new Set(["a"])],
      ["d", new Set(["a"])],
    ]);
    expect(cycles(edges)).toEqual([["a", "b", "c", "a"]]);
  });
});
