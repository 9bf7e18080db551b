import type { PublicMediatorCard } from '@jqtb/shared/src/mediators/dto'
import { useState } from 'preact/hooks'
import { api } from './api'

/** 选择调解员: public cards for this kind of dispute; the centre confirms or says why not. */
export function ChooseMediator({ code, onDone }: { code: string; onDone: () => void }) {
  const [cards, setCards] = useState<PublicMediatorCard[] | null>(null)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const open = () => {
    setError('')
    api<{ items: PublicMediatorCard[] }>('GET', `/cases/${code}/mediators`).then(
      (r) => setCards(r.items),
      (e: Error) => setError(e.message),
    )
  }
  const ask = async (id: string) => {
    setBusy(true)
    try {
      await api('POST', `/cases/${code}/mediator`, { mediatorId: id })
      setCards(null)
      onDone()
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  if (!cards)
    return (
      <div class='card'>
        <p style='margin-top:0'>想请您信得过的调解员来调解？可以选一位，中心会尽量安排。</p>
        <button type='button' class='secondary' onClick={open}>
          选择调解员
        </button>
        {error && <p class='error'>{error}</p>}
      </div>
    )
  return (
    <div>
      <h2>选择调解员</h2>
      {!cards.length && <p class='muted'>暂时没有可选的调解员，中心会为您安排。</p>}
      {cards.map((m) => (
        <div class='card' key={m.id}>
          <strong>
            {m.name} · {m.typeLabel}
          </strong>
          <p style='margin:4px 0'>
            {[
              m.orgs.join('、'),
              m.years ? `调解 ${m.years} 年` : '',
              m.done ? `已调解 ${m.done} 件` : '',
              m.successRate != null ? `成功率 ${Math.round(m.successRate)}%` : '',
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
          <p class='muted' style='margin:4px 0'>
            擅长：{m.domains.join('、') || '各类纠纷'}
            {m.dialects.length ? ` · 会说${m.dialects.join('、')}` : ''}
            {m.averageRating != null ? ` · 群众评分 ${m.averageRating.toFixed(1)}` : ''}
          </p>
          <button type='button' disabled={busy || !m.available} onClick={() => ask(m.id)}>
            {m.available ? '请中心安排' : '暂时不在岗'}
          </button>
        </div>
      ))}
      {error && <p class='error'>{error}</p>}
    </div>
  )
}
