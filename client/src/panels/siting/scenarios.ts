/**
 * Saved scenarios: saving the shown run under a name (an editor token, asked for once and kept for
 * the session), the list of saved scenarios (each opens into this session's runs), and downloads
 * of a saved comparison. Reading and comparing need no token.
 */
import type { ScenarioSummary, SitingParams, SitingResult } from '../../../../server/http/contract/siting'
import { rejectToken, writeHeaders } from '../../session'
import { downloadLinks } from '../../downloads'
import { plainWords, showFieldError, clearFieldErrors } from '../fieldErrors'
import { el, show } from './words'

type FetchJson = <T>(url: string, init?: RequestInit) => Promise<T>
export type Saved = { id: number; name: string; author: string; created_at: string; params: SitingParams; result: SitingResult }

export interface ScenarioDeps {
  fetchJson: FetchJson
  /** the run shown now (null: none yet) */
  current(): { params: SitingParams; result: SitingResult } | null
  onSaved(s: Saved): void
  onOpen(ids: number[]): void
  say(text: string): void
}

export function buildScenarios(d: ScenarioDeps) {
  const saveName = el('input', { type: 'text', id: 'siting-name', maxlength: '200', placeholder: 'Scenario name' })
  const save = el('button', { type: 'button', disabled: '' }, 'Save scenario')
  const saveRow = el('div', { class: 'siting-save' }, el('label', { for: 'siting-name' }, 'Name'), saveName, save,
    el('p', { class: 'muted' }, 'Saving (to share a link with others) needs an editor\'s sign-in; runs compare without one.'))
  const list = el('ul', { class: 'siting-scenarios', 'aria-label': 'Saved scenarios' })
  const selected = new Set<number>()
  const compareBtn = el('button', { type: 'button', disabled: '' }, 'Compare selected')
  const downloads = el('div', { class: 'siting-saved-downloads' })
  const section = el('div', {}, saveRow, el('h3', {}, 'Saved scenarios'), list, compareBtn, downloads)

  const refresh = async () => {
    const { scenarios } = await d.fetchJson<{ scenarios: ScenarioSummary[] }>('/api/siting/scenarios?limit=50')
    list.replaceChildren(...scenarios.map((s) => {
      const box = el('input', { type: 'checkbox', id: `siting-s-${s.id}`, 'aria-label': `Select ${s.name} for comparison` })
      box.checked = selected.has(s.id)
      box.addEventListener('change', () => { if (box.checked) selected.add(s.id); else selected.delete(s.id); compareBtn.disabled = selected.size < 2 })
      const open = el('button', { type: 'button', 'aria-label': `Open ${s.name}` }, 'Open')
      open.addEventListener('click', () => d.onOpen([s.id]))
      return el('li', {}, box, el('label', { for: `siting-s-${s.id}` }, `${s.name} — ${s.author}, ${new Date(s.created_at).toLocaleString('en-GB')}: average ${show(s.summary.metrics?.meanMinutes, 'min')} `), open)
    }))
  }
  save.addEventListener('click', async () => {
    const current = d.current()
    if (!current) return
    clearFieldErrors(saveRow)
    const name = saveName.value.trim()
    if (!name) { showFieldError(saveName, 'Give the scenario a name first.'); saveName.focus(); return }
    const auth = await writeHeaders()
    if (!auth) return
    try {
      const s = await d.fetchJson<Saved>('/api/siting/scenarios', {
        method: 'POST', headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ name, params: current.params }),
      })
      d.say(`Saved as scenario ${s.id}.`)
      d.onSaved(s)
      await refresh()
    } catch (err) {
      const code = (err as { status?: number }).status
      rejectToken(code)
      showFieldError(saveName, code === 401 ? 'That sign-in is not accepted (unknown, revoked or expired); try again with another token.'
        : code === 403 ? 'Saving needs an editor\'s sign-in: yours can read but not save.' : plainWords(err))
    }
  })
  compareBtn.addEventListener('click', () => {
    const ids = [...selected].slice(0, 6)
    downloads.replaceChildren(downloadLinks(`/api/siting/compare?ids=${ids.join(',')}`, 'scenarioComparison', 'the comparison'),
      ...ids.map((id) => downloadLinks(`/api/siting/scenarios/${id}`, 'scenario', `scenario ${id}`)))
    d.onOpen(ids)
  })
  return {
    el: section,
    refresh,
    setCanSave(on: boolean) { save.disabled = !on },
    setName(name: string) { saveName.value = name },
  }
}
