import { css } from 'lit'

/** Controls, cards, tables and text helpers every page shares; colours come from the page's theme. */
export const sharedStyles = css`
  :host { display: block; color: var(--pinai-text); font-family: var(--pinai-font); }
  *, *::before, *::after { box-sizing: border-box; }
  h1 { font-size: 1.35rem; margin: 0 0 12px; }
  h2 { font-size: 1.05rem; margin: 0 0 10px; }
  h3 { font-size: 0.95rem; margin: 0 0 8px; }
  p { margin: 0 0 8px; line-height: 1.45; }
  a { color: var(--pinai-accent); }
  .card { background: var(--pinai-surface); border: 1px solid var(--pinai-border); border-radius: var(--pinai-radius); padding: 16px; margin-bottom: 16px; min-width: 0; }
  .muted { color: var(--pinai-muted); }
  .small { font-size: 0.85rem; }
  .mono { font-family: var(--pinai-mono); font-size: 0.85rem; }
  .ok { color: var(--pinai-ok); }
  .warn { color: var(--pinai-warn); }
  .error { color: var(--pinai-error); }
  .row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
  .spread { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; justify-content: space-between; }
  .grid { display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); }
  button, .button {
    font: inherit; border: 1px solid var(--pinai-border); background: var(--pinai-surface-2); color: var(--pinai-text);
    border-radius: 6px; padding: 6px 12px; cursor: pointer; min-height: 32px; text-decoration: none; display: inline-flex; align-items: center; gap: 6px;
  }
  button.primary { background: var(--pinai-accent); border-color: var(--pinai-accent); color: var(--pinai-accent-text); }
  button.danger { color: var(--pinai-error); }
  button[aria-pressed='true'] { background: var(--pinai-accent); color: var(--pinai-accent-text); border-color: var(--pinai-accent); }
  button:disabled { opacity: 0.55; cursor: not-allowed; }
  button.small { min-height: 26px; padding: 2px 8px; font-size: 0.85rem; }
  input, select, textarea {
    font: inherit; color: var(--pinai-text); background: var(--pinai-surface); border: 1px solid var(--pinai-border);
    border-radius: 6px; padding: 6px 8px; min-height: 32px; max-width: 100%;
  }
  textarea { font-family: var(--pinai-mono); font-size: 0.85rem; width: 100%; }
  input[type='checkbox'] { min-height: auto; width: 16px; height: 16px; }
  input[type='number'] { width: 6em; }
  :focus-visible { outline: none; box-shadow: var(--pinai-focus); }
  label { display: inline-flex; gap: 6px; align-items: center; }
  label.stacked { display: flex; flex-direction: column; align-items: stretch; gap: 4px; font-size: 0.85rem; color: var(--pinai-muted); }
  .table-wrap { overflow-x: auto; }
  table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--pinai-border); vertical-align: top; }
  th { color: var(--pinai-muted); font-weight: 600; font-size: 0.8rem; white-space: nowrap; }
  td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .badge { display: inline-block; border-radius: 999px; padding: 1px 8px; font-size: 0.78rem; border: 1px solid currentColor; white-space: nowrap; }
  .empty { padding: 24px; text-align: center; color: var(--pinai-muted); }
  .banner { border-radius: var(--pinai-radius); padding: 10px 14px; margin-bottom: 16px; border: 1px solid; }
  .banner.error { background: var(--pinai-remove); border-color: var(--pinai-error); color: var(--pinai-text); }
  .banner.warn { border-color: var(--pinai-warn); color: var(--pinai-text); }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  pre { white-space: pre-wrap; word-break: break-word; margin: 0; }
`
