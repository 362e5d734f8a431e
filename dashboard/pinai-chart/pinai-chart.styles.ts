import { css, unsafeCSS } from 'lit'
import uplotCss from 'uplot/dist/uPlot.min.css'

/** uPlot's own sheet inside the shadow root, with the legend in the theme's colours. */
export const chartStyles = [
  unsafeCSS(uplotCss),
  css`
    :host { display: block; min-width: 0; }
    .plot { width: 100%; min-height: 200px; }
    .uplot { font-family: var(--pinai-font); color: var(--pinai-text); }
    .u-legend { font-size: 0.8rem; color: var(--pinai-muted); }
    .u-legend .u-marker { border-radius: 2px; }
    .empty { color: var(--pinai-muted); padding: 60px 0; text-align: center; }
  `,
]
