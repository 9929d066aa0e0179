/**
 * The header's sign-in control: paste an API token (a password field, kept for this tab only),
 * the server says whose it is (GET /api/auth/me) and the header shows "Signed in as NAME (role)".
 * It is also how a write without a token asks for one (session.tokenForWrite opens it, focused).
 * A token the server does not accept is forgotten at once and the reason is shown.
 */
import type { ApiClient, Me } from '../api'
import { h } from '../dom'
import type { Panel } from '../events'
import { currentToken, currentUser, onSessionChange, rejectToken, setSignInPrompt, setToken, setUser } from '../session'

const WHY: Record<string, string> = {
  malformed: 'it is not a well-formed token',
  unknown: 'the server does not know it',
  revoked: 'it has been revoked',
  expired: 'it has expired; ask an admin for a new one',
}

export class SignInPanel implements Panel {
  readonly el = h('div', { class: 'signin' })
  /** settles once a token kept from earlier in this tab has been checked (at once when there is none) */
  readonly ready: Promise<void>
  private readonly who = h('span', { class: 'signin-who', id: 'signin-who' })
  private readonly toggle = h('button', { type: 'button', id: 'signin-toggle', 'aria-expanded': 'false', 'aria-controls': 'signin-form' }, 'Sign in')
  private readonly input = h('input', {
    type: 'password', id: 'signin-token', autocomplete: 'off', spellcheck: 'false', required: true, maxlength: '256', 'aria-describedby': 'signin-help',
  })
  private readonly form = h('form', { id: 'signin-form', class: 'signin-form', hidden: true, 'aria-label': 'Sign in' })
  private readonly message = h('p', { class: 'signin-message', role: 'status', 'aria-live': 'polite' })
  private waiting: Array<(token: string | null) => void> = []
  private off: Array<() => void> = []

  constructor(private readonly api: ApiClient) {
    const cancel = h('button', { type: 'button' }, 'Cancel')
    this.form.append(
      h('label', { for: this.input.id }, 'API token'), this.input,
      h('button', { type: 'submit' }, 'Sign in'), cancel,
      h('p', { id: 'signin-help', class: 'muted' }, 'Kept in this browser tab only, until you sign out or close it.'),
    )
    this.el.append(this.who, this.toggle, this.form, this.message)
    const onToggle = () => (currentUser() || currentToken() ? this.signOut() : this.open())
    const onSubmit = (e: SubmitEvent) => { e.preventDefault(); void this.submit() }
    const onCancel = () => this.close(null)
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') this.close(null) }
    this.toggle.addEventListener('click', onToggle)
    this.form.addEventListener('submit', onSubmit)
    cancel.addEventListener('click', onCancel)
    this.form.addEventListener('keydown', onKey)
    this.off.push(
      () => this.toggle.removeEventListener('click', onToggle),
      () => this.form.removeEventListener('submit', onSubmit),
      () => cancel.removeEventListener('click', onCancel),
      () => this.form.removeEventListener('keydown', onKey),
      setSignInPrompt(() => this.prompt()),
      onSessionChange(() => this.render()),
    )
    this.render()
    this.ready = this.restore()
  }

  /** Opens the form focused and resolves with the token once signed in (null if cancelled). */
  prompt(): Promise<string | null> {
    this.open()
    this.message.textContent = 'Sign in with an editor token to save.'
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  private open(): void {
    this.form.hidden = false
    this.toggle.setAttribute('aria-expanded', 'true')
    this.input.focus()
  }

  private close(token: string | null): void {
    this.form.hidden = true
    this.toggle.setAttribute('aria-expanded', 'false')
    this.input.value = ''
    const waiting = this.waiting
    this.waiting = []
    waiting.forEach((r) => r(token))
    if (token === null && waiting.length) this.message.textContent = 'Not signed in: nothing was saved.'
    if (!this.el.contains(document.activeElement) || document.activeElement === this.input) this.toggle.focus()
  }

  private async submit(): Promise<void> {
    const token = this.input.value.trim()
    if (!token) {
      this.message.textContent = 'Paste a token first.'
      return
    }
    setToken(token)
    this.message.textContent = 'Checking the token…'
    if (await this.check()) {
      this.message.textContent = ''
      this.close(token)
    } else this.input.focus()
  }

  /** Asks the server whose the stored token is; forgets it (and says why) when not accepted. */
  private async check(): Promise<boolean> {
    let me: Me
    try {
      me = await this.api.me()
    } catch (err) {
      const status = (err as { status?: number }).status
      rejectToken(status)
      this.message.textContent = (err as Error).message
      return false
    }
    if (!me.authenticated) {
      rejectToken(401)
      this.message.textContent = `That token was not accepted: ${WHY[me.reason ?? 'unknown'] ?? me.reason}.`
      return false
    }
    setUser({ name: me.name, role: me.role, expiresAt: me.expires_at })
    this.render()
    return true
  }

  private async restore(): Promise<void> {
    if (currentToken()) await this.check()
  }

  private signOut(): void {
    setToken(null)
    this.message.textContent = 'Signed out.'
    this.toggle.focus()
  }

  private render(): void {
    const u = currentUser()
    this.who.textContent = u ? `Signed in as ${u.name} (${u.role})` : ''
    this.who.hidden = !u
    this.toggle.textContent = u || currentToken() ? 'Sign out' : 'Sign in'
    if (u) this.toggle.removeAttribute('aria-expanded')
    else this.toggle.setAttribute('aria-expanded', String(!this.form.hidden))
  }

  destroy(): void {
    this.off.forEach((f) => f())
    this.close(null)
    this.el.remove()
  }
}
