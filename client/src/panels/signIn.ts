/**
 * The header's sign-in control: paste an API token (a password field, kept for this tab only),
 * the server says whose it is (GET /api/auth/me) and the header shows "Signed in as NAME (role)".
 * It is also how a write without a token asks for one (session.tokenForWrite opens it, focused).
 * A token the server does not accept is forgotten at once and the reason is shown.
 * When the server offers sign-in with the council's identity provider (GET /api/auth/me says so),
 * a "Sign in with NAME" button goes there and back to this page; the session is then an http-only
 * cookie, and its CSRF token (kept in session.ts) goes with every write.
 */
import type { ApiClient, Me } from '../api'
import { h } from '../dom'
import type { Panel } from '../events'
import { currentCsrf, currentToken, currentUser, onSessionChange, rejectToken, setCsrf, setSignInPrompt, setToken, setUser } from '../session'

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
  /** "Sign in with NAME": shown once the server says its identity provider is configured */
  private readonly provider = h('button', { type: 'button', id: 'signin-provider', hidden: true }, 'Sign in with your organisation')
  private loginPath = '/api/auth/login'
  private offersProvider = false
  private waiting: Array<(token: string | null) => void> = []
  private off: Array<() => void> = []

  constructor(private readonly api: ApiClient) {
    const cancel = h('button', { type: 'button' }, 'Cancel')
    this.form.append(
      h('label', { for: this.input.id }, 'API token'), this.input,
      h('button', { type: 'submit' }, 'Sign in'), cancel,
      h('p', { id: 'signin-help', class: 'muted' }, 'Kept in this browser tab only, until you sign out or close it.'),
    )
    this.el.append(this.who, this.provider, this.toggle, this.form, this.message)
    const onProvider = () => {
      // back to this very view afterwards (same-origin path: the server accepts nothing else)
      location.assign(`${this.loginPath}?${new URLSearchParams({ return: location.pathname + location.search })}`)
    }
    this.provider.addEventListener('click', onProvider)
    this.off.push(() => this.provider.removeEventListener('click', onProvider))
    const onToggle = () => (currentUser() || currentToken() ? void this.signOut() : this.open())
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

  /** Asks the server whose the stored token (or sign-in cookie) is; forgets a token (and says why) when not accepted. */
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
    if (me.sign_in?.available) {
      this.loginPath = me.sign_in.login
      this.provider.textContent = `Sign in with ${me.sign_in.provider}`
    }
    this.offersProvider = Boolean(me.sign_in?.available)
    if (!me.authenticated) {
      setCsrf(null)
      if (currentToken()) {
        rejectToken(401)
        this.message.textContent = `That token was not accepted: ${WHY[me.reason ?? 'unknown'] ?? me.reason}.`
      }
      this.render()
      return false
    }
    setCsrf(me.csrf_token ?? null)
    setUser({ name: me.name, role: me.role, expiresAt: me.expires_at })
    this.render()
    return true
  }

  private async restore(): Promise<void> {
    // always asked: a sign-in cookie may be there, and whether sign-in is offered comes with it
    await this.check()
  }

  private async signOut(): Promise<void> {
    if (currentCsrf() && !currentToken()) {
      try {
        await this.api.signOut()
      } catch (err) {
        this.message.textContent = (err as Error).message
        return
      }
    }
    setCsrf(null)
    setToken(null)
    this.message.textContent = 'Signed out.'
    this.render()
    this.toggle.focus()
  }

  private render(): void {
    const u = currentUser()
    this.who.textContent = u ? `Signed in as ${u.name} (${u.role})` : ''
    this.who.hidden = !u
    this.toggle.textContent = u || currentToken() ? 'Sign out' : this.offersProvider ? 'Sign in with a token' : 'Sign in'
    this.provider.hidden = !this.offersProvider || Boolean(u || currentToken())
    if (u) this.toggle.removeAttribute('aria-expanded')
    else this.toggle.setAttribute('aria-expanded', String(!this.form.hidden))
  }

  destroy(): void {
    this.off.forEach((f) => f())
    this.close(null)
    this.el.remove()
  }
}
