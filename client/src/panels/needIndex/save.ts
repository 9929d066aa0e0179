/**
 * Saving the computed need index by name (POST /api/targeting/indices): editors only. The server
 * checks the role; for other roles the Save button is disabled and says why, with a Sign in.
 */
import type { NeedIndexSpec } from '../../../../server/http/contract/targeting'
import type { SavedIndex, SavedIndexInput } from '../../api'
import { h } from '../../dom'
import type { IndexSpec } from '../../state'
import { can, onUserChange, rejectToken, requestSignIn } from '../../session'
import type { Disposer } from '../control'

export interface Computed {
  spec: IndexSpec
  components: Array<{ id: string; weight: number }>
}

export interface SaveForm {
  el: HTMLFormElement
  /** redraws the button's state (after a compute) */
  refresh(): void
}

export function buildSaveForm(id: (s: string) => string, d: Disposer, saveIndex: (body: SavedIndexInput) => Promise<SavedIndex>, computed: () => Computed | null): SaveForm {
  const saveName = h('input', { id: id('save-name'), type: 'text', maxlength: '200', 'aria-describedby': id('save-why') })
  const saveButton = h('button', { type: 'submit', id: id('save') }, 'Save index')
  const saveWhy = h('span', { id: id('save-why'), class: 'muted' })
  const saveSignIn = h('button', { type: 'button', class: 'link-button' }, 'Sign in')
  const saveStatus = h('p', { class: 'muted save-status', 'aria-live': 'polite' })
  const saveForm = h('form', { class: 'need-index-save', 'aria-label': 'Save this index' },
    h('div', {}, h('label', { for: saveName.id }, 'Name '), saveName, ' ', saveButton),
    h('p', {}, saveWhy, ' ', saveSignIn), saveStatus)
  function saveState(): void {
    const why = !can('editor') ? 'Save needs an editor token.' : !computed() ? 'Compute the index first, then save it.' : ''
    saveButton.disabled = why !== ''
    saveName.disabled = !can('editor')
    saveWhy.textContent = why
    saveSignIn.hidden = can('editor')
    saveWhy.parentElement!.hidden = why === ''
  }
  saveState()
  d.add(onUserChange(saveState))
  d.listen(saveSignIn, 'click', () => void requestSignIn())
  d.listen(saveForm, 'submit', (e) => {
    e.preventDefault()
    void save()
  })
  async function save(): Promise<void> {
    const c = computed()
    if (!c) return
    const name = saveName.value.trim()
    if (!name) { saveStatus.textContent = 'Give the index a name first.'; saveName.focus(); return }
    saveButton.disabled = true
    saveStatus.textContent = 'Saving…'
    try {
      const s = c.spec
      // the selects offer only the server's own choices
      const spec = { indicators: c.components, method: s.method, level: s.level, missing: s.missing } as NeedIndexSpec
      const saved = await saveIndex({ name, spec })
      saveStatus.textContent = `Saved as index ${saved.id} ("${saved.name}").`
    } catch (err) {
      const code = (err as { status?: number }).status
      rejectToken(code)
      saveStatus.textContent = code === 401 ? 'Your token is no longer accepted; sign in again.'
        : code === 403 ? 'Your token cannot save indices: an editor token is needed.' : (err as Error).message
    } finally {
      saveState()
    }
  }
  return { el: saveForm, refresh: saveState }
}
