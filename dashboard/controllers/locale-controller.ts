import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { onLocaleChange } from '../i18n/locale.ts'

/** Re-renders its element when the language switches. */
export class LocaleController implements ReactiveController {
  private readonly host: ReactiveControllerHost
  private stop: (() => void) | undefined

  constructor(host: ReactiveControllerHost) {
    this.host = host
    host.addController(this)
  }

  hostConnected(): void {
    this.stop = onLocaleChange(() => this.host.requestUpdate())
  }

  hostDisconnected(): void {
    this.stop?.()
  }
}
