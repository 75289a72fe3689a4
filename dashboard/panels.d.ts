// the type of panels.js for the TypeScript that reads it (tests, the dashboard bench); the page itself is plain JS
export interface PanelSpec {
  id: string;
  title: string;
  note: string;
  kind: string;
  /** the SQL it plots, {name} filled from its selects */
  sql?: string;
  /** the SQL of the table under the chart */
  table?: string;
  /** each select's options, as SQL */
  params?: Record<string, string>;
  log?: boolean;
  bands?: number[];
}
export const PANELS: PanelSpec[];
