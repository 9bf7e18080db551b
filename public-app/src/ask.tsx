import { CONSULT_TOPIC_LABELS, CONSULT_TOPICS, type ConsultTopic } from '@jqtb/shared/src/public/consult'
import type { ConsultationView } from '@jqtb/shared/src/public/dto'
import { useEffect, useState } from 'preact/hooks'
import { api, uuid } from './api'
import { type Photo, PhotoPicker, type PhotoState, PhotoStrip } from './photos'

/** 法律咨询: ask a question, read the answers, turn a question into a dispute. */
export function Ask() {
  const [items, setItems] = useState<ConsultationView[] | null>(null)
  const [topic, setTopic] = useState<ConsultTopic | ''>('')
  const [question, setQuestion] = useState('')
  const [requestId, setRequestId] = useState(uuid)
  const [photos, setPhotos] = useState<Photo[]>([])
  const [photoState, setPhotoState] = useState<PhotoState>({ busy: 0, failed: 0 })
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const load = () =>
    api<{ items: ConsultationView[] }>('GET', '/consultations').then(
      (r) => setItems(r.items),
      (e: Error) => setError(e.message),
    )
  useEffect(() => {
    load()
  }, [])
  async function submit(ev: Event) {
    ev.preventDefault()
    if (!topic) return setError('请选择咨询方向')
    if (question.trim().length < 5) return setError('请写下您的问题（至少 5 个字）')
    if (photoState.busy) return setError('照片还在上传，请等一等再提交')
    if (photoState.failed) return setError('有照片没传上去：请点它下面的「重试」，或「删掉」后再提交')
    setBusy(true)
    setError('')
    try {
      await api('POST', '/consultations', { requestId, topic, question: question.trim(), ...(photos.length ? { photos: photos.map((p) => p.id) } : {}) })
      setQuestion('')
      setPhotos([])
      setTopic('')
      setRequestId(uuid())
      await load()
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  async function toDispute(id: string) {
    try {
      const r = await api<{ code: string }>('POST', `/consultations/${id}/dispute`)
      location.hash = `#/case/${r.code}`
    } catch (e) {
      setError((e as Error).message)
    }
  }
  return (
    <>
      <h2>法律咨询</h2>
      <p class='muted'>律师、司法所工作人员会在两个工作日内解答，答复会短信通知您。</p>
      <form onSubmit={submit}>
        <label for='topic'>咨询方向</label>
        <select id='topic' value={topic} onChange={(e) => setTopic(e.currentTarget.value as ConsultTopic)}>
          <option value=''>请选择</option>
          {CONSULT_TOPICS.map((t) => (
            <option key={t} value={t}>
              {CONSULT_TOPIC_LABELS[t]}
            </option>
          ))}
        </select>
        <label for='question'>您的问题</label>
        <textarea id='question' maxLength={1000} value={question} onInput={(e) => setQuestion(e.currentTarget.value)} />
        <p class='label'>照片（可不加，最多 6 张：合同、欠条、通知书等）</p>
        <PhotoPicker value={photos} onChange={setPhotos} onState={setPhotoState} />
        {error && (
          <p class='error' role='alert'>
            {error}
          </p>
        )}
        <button type='submit' class='block' disabled={busy}>
          提交咨询
        </button>
      </form>
      <h2>我的咨询</h2>
      {!items && !error && <p class='muted'>正在加载…</p>}
      {items && !items.length && <p class='muted'>还没有咨询过。</p>}
      {items?.map((q) => (
        <div class='card' key={q.id}>
          <span class='status'>{q.answer ? '已解答' : '等待解答'}</span> <span class='muted'>{q.topicLabel}</span>
          <p>{q.question}</p>
          <PhotoStrip photos={q.photos} />
          {q.answer && (
            <p>
              <strong>{q.answeredBy}：</strong>
              {q.answer}
            </p>
          )}
          {q.caseCode ? (
            <a href={`#/case/${q.caseCode}`}>已转为纠纷，案件码 {q.caseCode}</a>
          ) : (
            <button type='button' class='secondary' onClick={() => toDispute(q.id)}>
              转为纠纷，请中心处理
            </button>
          )}
        </div>
      ))}
    </>
  )
}
