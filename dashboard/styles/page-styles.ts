/**
 * The page's own sheet: the theme as CSS custom properties on the document (every element's styling
 * surface), light or dark as the system says. Adopted from script, so the CSP needs no inline style.
 */
export const pageStyles = new CSSStyleSheet()
pageStyles.replaceSync(`
:root {
  color-scheme: light dark;
  --pinai-font: system-ui, -apple-system, "Segoe UI", Roboto, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", sans-serif;
  --pinai-mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  --pinai-bg: #f6f7f9;
  --pinai-surface: #ffffff;
  --pinai-surface-2: #f0f2f5;
  --pinai-border: #dde1e6;
  --pinai-text: #1b1f24;
  --pinai-muted: #5c6570;
  --pinai-accent: #2563eb;
  --pinai-accent-text: #ffffff;
  --pinai-ok: #15803d;
  --pinai-warn: #b45309;
  --pinai-error: #c02626;
  --pinai-add: #e6f4ea;
  --pinai-remove: #fdecec;
  --pinai-chart-1: #2563eb;
  --pinai-chart-2: #dc2626;
  --pinai-chart-3: #16a34a;
  --pinai-radius: 8px;
  --pinai-focus: 0 0 0 3px rgb(37 99 235 / 40%);
}
@media (prefers-color-scheme: dark) {
  :root {
    --pinai-bg: #0f1216;
    --pinai-surface: #171b21;
    --pinai-surface-2: #1f242c;
    --pinai-border: #2d333b;
    --pinai-text: #e6e9ee;
    --pinai-muted: #9aa4b1;
    --pinai-accent: #5b8def;
    --pinai-ok: #4ade80;
    --pinai-warn: #fbbf24;
    --pinai-error: #f87171;
    --pinai-add: #12301d;
    --pinai-remove: #3a1717;
    --pinai-chart-1: #60a5fa;
    --pinai-chart-2: #f87171;
    --pinai-chart-3: #4ade80;
  }
}
html, body { margin: 0; background: var(--pinai-bg); color: var(--pinai-text); font-family: var(--pinai-font); font-size: 14px; }
`)
