import { describe, expect, it } from 'vitest';
import { astNodes, reachOf, refusal, type Scope } from '../../sinks/analyst-guard.ts';

// EXPLAIN AST as chDB 26.7 printed it (TabSeparatedRaw) for:
// SELECT file('/etc/hostname'), * FROM file('/etc/passwd', 'LineAsString') AS f
//   JOIN (SELECT * FROM url('http://x', 'CSV')) USING a WHERE x IN (SELECT 1 FROM system.tables) SETTINGS max_threads=1
const NESTED = `SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 4)
   ExpressionList (children 2)
    Function file (children 1)
     ExpressionList (children 1)
      Literal '/etc/hostname'
    Asterisk
   TablesInSelectQuery (children 2)
    TablesInSelectQueryElement (children 1)
     TableExpression (children 1)
      Function file (alias f) (children 1)
       ExpressionList (children 2)
        Literal '/etc/passwd'
        Literal 'LineAsString'
    TablesInSelectQueryElement (children 2)
     TableExpression (children 1)
      Subquery (children 1)
       SelectWithUnionQuery (children 1)
        ExpressionList (children 1)
         SelectQuery (children 2)
          ExpressionList (children 1)
           Asterisk
          TablesInSelectQuery (children 1)
           TablesInSelectQueryElement (children 1)
            TableExpression (children 1)
             Function url (children 1)
              ExpressionList (children 2)
               Literal 'http://x'
               Literal 'CSV'
     TableJoin (children 1)
      ExpressionList (children 1)
       Identifier a
   Function in (children 1)
    ExpressionList (children 2)
     Identifier x
     Subquery (children 1)
      SelectWithUnionQuery (children 1)
       ExpressionList (children 1)
        SelectQuery (children 2)
         ExpressionList (children 1)
          Literal UInt64_1
         TablesInSelectQuery (children 1)
          TablesInSelectQueryElement (children 1)
           TableExpression (children 1)
            TableIdentifier system.tables
   Set
`;
// SELECT * FROM cheapest_at_or_above(benchmark='x', threshold=1) FORMAT JSON
const VIEW_CALL = `SelectWithUnionQuery (children 2)
 ExpressionList (children 1)
  SelectQuery (children 2)
   ExpressionList (children 1)
    Asterisk
   TablesInSelectQuery (children 1)
    TablesInSelectQueryElement (children 1)
     TableExpression (children 1)
      Function cheapest_at_or_above (children 1)
       ExpressionList (children 2)
        Function equals (children 1)
         ExpressionList (children 2)
          Identifier benchmark
          Literal 'x'
        Function equals (children 1)
         ExpressionList (children 2)
          Identifier threshold
          Literal UInt64_1
 Identifier JSON
`;
// SELECT 1 WHERE 1 IN system.users
const IN_TABLE = `SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 2)
   ExpressionList (children 1)
    Literal UInt64_1
   Function in (children 1)
    ExpressionList (children 2)
     Literal UInt64_1
     Identifier system.users
`;
// SELECT file('/etc/hostname') AS `a\nb`: the alias's line break splits the function's line in two
const BROKEN_ALIAS =
  "SelectWithUnionQuery (children 1)\n ExpressionList (children 1)\n  SelectQuery (children 1)\n   ExpressionList (children 1)\n    Function file (alias a\nb) (children 1)\n     ExpressionList (children 1)\n      Literal '/etc/hostname'\n";
const scope: Scope = {
  database: 'rebar',
  databases: new Set(['rebar', 'system', 'default', 'information_schema', 'INFORMATION_SCHEMA']),
  views: new Set(['cheapest_at_or_above', 'models']),
};

describe('the analyst guard reads what a query reaches from ClickHouse’s parse', () => {
  it('finds table functions in FROM at any depth, apart from functions of values', () => {
    const reach = reachOf(NESTED);
    expect(reach.statement).toBe('SelectWithUnionQuery');
    expect(reach.tableFunctions).toEqual(['file', 'url']);
    expect(reach.functions).toEqual(['file', 'in']);
    expect(reach.tables).toEqual(['system.tables']);
    // its SETTINGS clause is refused first; without it, the file() in FROM
    expect(refusal('', reach, scope)).toMatchObject({ why: expect.stringMatching(/^SETTINGS/), as: { code: '164' } });
    expect(refusal('', { ...reach, settings: false }, scope)).toMatchObject({
      why: expect.stringMatching(/table function file\(\)/),
      as: { code: '497' },
    });
  });

  it('reads a name with a line break as no tree at all, and refuses it', () => {
    expect(reachOf(BROKEN_ALIAS).readable).toBe(false);
    expect(refusal('', reachOf(BROKEN_ALIAS), scope)?.why).toMatch(/cannot be read safely/);
    // a qualified kind is a node like any other: SELECT * REPLACE (1 AS a) FROM t, as chDB 26.7 printed it
    const replace =
      'SelectWithUnionQuery (children 1)\n ExpressionList (children 1)\n  SelectQuery (children 2)\n   ExpressionList (children 1)\n    Asterisk (children 1)\n     ColumnsTransformerList (children 1)\n      ColumnsReplaceTransformer (children 1)\n       ColumnsReplaceTransformer::Replacement (children 1)\n        Literal UInt64_1\n   TablesInSelectQuery (children 1)\n    TablesInSelectQueryElement (children 1)\n     TableExpression (children 1)\n      TableIdentifier t\n';
    expect(astNodes(replace)).toHaveLength(13);
    expect(reachOf(replace).tables).toEqual(['t']);
    // the same query with a plain alias is a tree, and its file() is found
    const plain = BROKEN_ALIAS.replace('a\nb', 'ab');
    expect(reachOf(plain).functions).toEqual(['file']);
  });

  it('lets rebar’s parameterized views through, and refuses a system table read by IN', () => {
    expect(refusal('', reachOf(VIEW_CALL), scope)).toBeNull();
    expect(refusal('', reachOf(VIEW_CALL), { ...scope, views: new Set() })?.why).toMatch(/cheapest_at_or_above\(\)/);
    expect(reachOf(IN_TABLE).qualified).toEqual(['system.users']);
    expect(refusal('', reachOf(IN_TABLE), scope)?.why).toMatch(/system\.users is not among/);
  });

  it('refuses INTO OUTFILE wherever formatQuery puts it, and statements that are not reads', () => {
    const select = reachOf(IN_TABLE.replace('system.users', 'x.y'));
    expect(refusal("SELECT 1\nINTO OUTFILE 'x'", select, scope)?.why).toBe('INTO OUTFILE writes a file');
    expect(refusal('', { ...select, statement: 'InsertQuery' }, scope)).toMatchObject({
      why: expect.stringMatching(/not InsertQuery/),
      as: { code: '164', type: 'READONLY' },
    });
    expect(refusal('SELECT 1', select, scope)).toBeNull(); // x is no database: x.y is a column
  });
});
