import type { ReactiveController, ReactiveControllerHost } from 'lit'

/** Runs `tick` at once and then every `intervalMs` while the element is on the page and the tab visible. */
export class PollController implements ReactiveController {
  private readonly tick: () => unknown
  private readonly intervalMs: number
  private timer: ReturnType<typeof setInterval> | undefined
  private readonly onVisibility = () => {
    if (document.visibilityState === 'visible') void this.tick()
  }

  constructor(host: ReactiveControllerHost, intervalMs: number, tick: () => unknown) {
    this.tick = tick
    this.intervalMs = intervalMs
    host.addController(this)
  }

  hostConnected(): void {
    void this.tick()
    this.timer = setInterval(() => {
      if (document.visibilityState === 'visible') void this.tick()
    }, this.intervalMs)
    document.addEventListener('visibilitychange', this.onVisibility)
  }

  hostDisconnected(): void {
    clearInterval(this.timer)
    document.removeEventListener('visibilitychange', this.onVisibility)
  }
}
