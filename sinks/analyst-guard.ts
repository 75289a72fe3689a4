// what an analyst's query may reach: rebar's database, harmless system tables, and table functions that make rows out
// of nothing; never files, the network or processes. Read from ClickHouse's own parse of the query (EXPLAIN AST), so
// a comment, a quote or a subquery cannot hide a table function from it
import { PermanentError } from '../schemas/errors.ts';

/** A query an analyst path refuses before it runs; the message says what was refused and why. */
export class RefusedQueryError extends PermanentError {
  constructor(
    message: string,
    /** the ClickHouse error a server would answer: 164 READONLY, 497 ACCESS_DENIED or 62 SYNTAX_ERROR */
    readonly clickhouse: { code: string; type: string },
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
export const READONLY = { code: '164', type: 'READONLY' };
export const ACCESS_DENIED = { code: '497', type: 'ACCESS_DENIED' };
export const SYNTAX_ERROR = { code: '62', type: 'SYNTAX_ERROR' };

// statements that only read (a write, SET, USE, SYSTEM, KILL... are refused before ClickHouse sees them)
const READ_STATEMENTS =
  /^(SelectWithUnionQuery|SelectIntersectExceptQuery|ShowTables|ShowColumns|ShowIndexes|ShowCreate\w*|Describe\w*|Exists\w*|Explain|ShowSetting\w*|ShowFunctions|ShowEngines)$/;

// table functions that compute rows (lower case); rebar's parameterized views are called like them and are allowed too
const TABLE_FUNCTIONS = new Set(['numbers', 'numbers_mt', 'generate_series', 'generateseries', 'values', 'view']);

// functions that read a file, load a model from a path, or read a dictionary's (possibly external) source
const REACHING_FUNCTIONS = /^(file|catboostevaluate|joinget\w*|dict\w*)$/;

// system tables that describe the schema, the data and the queries (not users, grants, paths, clusters or logs of text)
const SYSTEM_TABLES = new Set([
  'aggregate_function_combinators',
  'asynchronous_metrics',
  'build_options',
  'collations',
  'columns',
  'contributors',
  'data_type_families',
  'databases',
  'errors',
  'events',
  'formats',
  'functions',
  'keywords',
  'merge_tree_settings',
  'merges',
  'metrics',
  'mutations',
  'numbers',
  'numbers_mt',
  'one',
  'parts',
  'parts_columns',
  'processes',
  'projection_parts',
  'query_log',
  'settings',
  'table_engines',
  'table_functions',
  'tables',
  'time_zones',
  'view_refreshes',
  'zeros',
  'zeros_mt',
]);
const SCHEMA_DATABASES = new Set(['information_schema', 'INFORMATION_SCHEMA']);

interface AstNode {
  depth: number;
  kind: string;
  name: string; // a function's name alone; a table's as written
  children: number | null;
}

// a kind may be qualified (ColumnsReplaceTransformer::Replacement)
const NODE = /^( *)([A-Z][A-Za-z0-9_]*(?:::[A-Za-z0-9_]+)*)(?: (.*?))?(?: \(children (\d+)\))?$/;

/** Pure: EXPLAIN AST's lines as nodes, or null where the text is not a tree of them (a name holding a line break). */
export function astNodes(ast: string): AstNode[] | null {
  const nodes: AstNode[] = [];
  for (const line of ast.split('\n').filter((l) => l.trim())) {
    const m = NODE.exec(line);
    if (!m) return null;
    const [, indent, kind, rest = '', children] = m;
    const named = rest.replace(/ \(alias .*\)$/s, '');
    nodes.push({
      depth: indent!.length,
      kind: kind!,
      name: kind === 'Function' ? named.split(' ')[0]! : named,
      children: children === undefined ? null : Number(children),
    });
  }
  // one root, and every node has as many children as it says: a line break inside a name or alias would add lines
  if (nodes.some((n, i) => i > 0 && n.depth === 0)) return null;
  for (const [i, n] of nodes.entries()) {
    if (n.children === null) continue;
    let count = 0;
    for (let j = i + 1; j < nodes.length && nodes[j]!.depth > n.depth; j += 1)
      if (nodes[j]!.depth === n.depth + 1) count += 1;
    if (count !== n.children) return null;
  }
  return nodes;
}

export interface Reach {
  statement: string;
  readable: boolean; // false: the parse's text is not a tree rebar can read safely
  settings: boolean; // a SETTINGS clause anywhere
  tableFunctions: string[]; // called in FROM: table functions, or parameterized views
  functions: string[];
  tables: string[]; // as written: name, or database.name
  qualified: string[]; // other a.b identifiers (IN db.table reads a table): checked when a names a database
}

/** Pure: what a query's EXPLAIN AST says it reads. */
export function reachOf(ast: string): Reach {
  const nodes = astNodes(ast);
  const reach: Reach = {
    statement: nodes?.[0]?.kind ?? '',
    readable: nodes !== null,
    settings: false,
    tableFunctions: [],
    functions: [],
    tables: [],
    qualified: [],
  };
  const path: AstNode[] = []; // the node's ancestors
  for (const n of nodes ?? []) {
    while (path.length && path[path.length - 1]!.depth >= n.depth) path.pop();
    const inFrom = path[path.length - 1]?.kind === 'TableExpression';
    if (n.kind === 'Function') (inFrom ? reach.tableFunctions : reach.functions).push(n.name);
    else if (n.kind === 'TableIdentifier') reach.tables.push(n.name);
    else if (n.kind === 'Identifier' && n.name.includes('.')) reach.qualified.push(n.name);
    else if (n.kind === 'Set') reach.settings = true;
    path.push(n);
  }
  return reach;
}

export interface Scope {
  database: string; // rebar's
  databases: ReadonlySet<string>; // every database the warehouse has
  views: ReadonlySet<string>; // the tables of rebar's database (parameterized views are called as functions)
}

// database.table (a column after them: system.tables.name)
const split = (name: string): [string | null, string] => {
  const [first, second] = name.split('.');
  return second === undefined ? [null, first!] : [first!, second];
};

function tableRefusal(name: string, scope: Scope): string | null {
  const [db, table] = split(name);
  if (db === null || db === scope.database || SCHEMA_DATABASES.has(db)) return null;
  if (db === 'system')
    return SYSTEM_TABLES.has(table) ? null : `system.${table} is not among the system tables analysts read`;
  return `${name}: only rebar's database (${scope.database}) and system tables are readable`;
}

/** Pure: why a query is refused, as ClickHouse would code it (formatted: formatQuery's text of it), or null. */
export function refusal(
  formatted: string,
  reach: Reach,
  scope: Scope,
): { why: string; as: typeof READONLY | typeof ACCESS_DENIED } | null {
  if (!reach.readable)
    return {
      why: "the query's parse cannot be read safely (a name or alias holding a line break?)",
      as: ACCESS_DENIED,
    };
  if (reach.settings)
    return {
      why: 'SETTINGS clauses are not taken (readonly): the limits are REBAR_QUERY_TIMEOUT_S, _MAX_ROWS, _MAX_BYTES, _MAX_MEMORY_GB',
      as: READONLY,
    };
  if (!READ_STATEMENTS.test(reach.statement))
    return {
      why: `only SELECT, SHOW, DESCRIBE, EXISTS and EXPLAIN run here (readonly), not ${reach.statement || 'this statement'}`,
      as: READONLY,
    };
  const why = reaching(formatted, reach, scope);
  return why ? { why, as: ACCESS_DENIED } : null;
}

// what the query would read outside rebar's data: a file, an address, a process, another database
function reaching(formatted: string, reach: Reach, scope: Scope): string | null {
  if (/\bINTO\s+OUTFILE\b/i.test(formatted)) return 'INTO OUTFILE writes a file';
  for (const f of reach.tableFunctions)
    if (!TABLE_FUNCTIONS.has(f.toLowerCase()) && !scope.views.has(f))
      return `table function ${f}() reaches outside rebar's data (files, the network, processes or other databases)`;
  for (const f of reach.functions)
    if (REACHING_FUNCTIONS.test(f.toLowerCase())) return `${f}() reads from outside rebar's tables`;
  for (const t of reach.tables) {
    const why = tableRefusal(t, scope);
    if (why) return why;
  }
  for (const q of reach.qualified) {
    const [db] = split(q);
    const why = db !== null && scope.databases.has(db) ? tableRefusal(q, scope) : null;
    if (why) return why;
  }
  return null;
}
