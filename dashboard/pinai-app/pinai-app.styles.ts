import { css } from 'lit'

/** The shell: a header with the navigation, then the page. */
export const appStyles = css`
  :host { display: block; min-height: 100vh; }
  header { background: var(--pinai-surface); border-bottom: 1px solid var(--pinai-border); position: sticky; top: 0; z-index: 5; }
  .bar { max-width: 1400px; margin: 0 auto; padding: 8px 20px; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
  .brand { font-weight: 700; font-size: 1.1rem; color: var(--pinai-text); text-decoration: none; display: inline-flex; gap: 8px; align-items: center; }
  .brand img { width: 22px; height: 22px; }
  nav { display: flex; gap: 2px; overflow-x: auto; flex: 1 1 auto; scrollbar-width: thin; }
  nav a { padding: 6px 10px; border-radius: 6px; color: var(--pinai-muted); text-decoration: none; white-space: nowrap; }
  nav a:hover { color: var(--pinai-text); background: var(--pinai-surface-2); }
  nav a[aria-current='page'] { color: var(--pinai-accent); background: var(--pinai-surface-2); font-weight: 600; }
  .tools { display: flex; gap: 8px; align-items: center; margin-left: auto; }
  main { max-width: 1400px; margin: 0 auto; padding: 20px; }
  @media (max-width: 700px) {
    .bar { padding: 8px 12px; gap: 8px; }
    nav { order: 3; flex-basis: 100%; }
    main { padding: 12px; }
  }
`
