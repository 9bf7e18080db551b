import { RATING_LABELS, RATINGS, type Rating } from '@jqtb/shared/src/public/rules'
import { useEffect, useState } from 'preact/hooks'
import { api } from './api'

export function RateForm({ path, onDone }: { path: string; onDone: (label: string) => void }) {
  const [rating, setRating] = useState<Rating | null>(null)
  const [comment, setComment] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  async function submit(ev: Event) {
    ev.preventDefault()
    if (!rating) return setError('请选择一项')
    setBusy(true)
    setError('')
    try {
      const r = await api<{ result: string; label: string }>('POST', path, { rating, ...(comment.trim() ? { comment: comment.trim() } : {}) })
      onDone(r.result === 'already' ? `已经评价过了（${r.label}），谢谢您。` : `已记录：${r.label}。谢谢您的评价。`)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <form class='card' onSubmit={submit}>
      <fieldset>
        <legend>
          <h2 style='margin-top:0'>这件事办得怎么样？</h2>
        </legend>
        <div class='ratings'>
          {RATINGS.map((r) => (
            <button type='button' key={r} class='chip' aria-pressed={rating === r} onClick={() => setRating(r)}>
              {RATING_LABELS[r]}
            </button>
          ))}
        </div>
      </fieldset>
      <label for='comment'>{rating === 'unsatisfied' ? '哪里不满意？（中心会再跟进）' : '想说的话（可不填）'}</label>
      <textarea id='comment' maxLength={300} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      {error && (
        <p class='error' role='alert'>
          {error}
        </p>
      )}
      <button type='submit' class='block' disabled={busy}>
        提交评价
      </button>
    </form>
  )
}

/** The one-time link from the SMS: no login needed. */
export function RateLink({ token }: { token: string }) {
  const [info, setInfo] = useState<{ code: string; title: string; rated: boolean } | null>(null)
  const [error, setError] = useState('')
  const [done, setDone] = useState('')
  useEffect(() => {
    api<{ code: string; title: string; rated: boolean }>('GET', `/ratings/${token}`)
      .then(setInfo)
      .catch((e: Error) => setError(e.message))
  }, [token])
  if (error)
    return (
      <p class='error' role='alert'>
        {error}
      </p>
    )
  if (!info) return <p class='muted'>正在加载…</p>
  if (done || info.rated)
    return (
      <div class='card' role='status'>
        <p>{done || '这件事已经评价过了，谢谢您。'}</p>
        <a class='btn secondary' href='#/mine'>
          查看我反映的事
        </a>
      </div>
    )
  return (
    <>
      <p>
        案件码 <strong>{info.code}</strong>：{info.title}
      </p>
      <RateForm path={`/ratings/${token}`} onDone={setDone} />
    </>
  )
}
