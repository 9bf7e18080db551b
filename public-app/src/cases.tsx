import type { PublicCaseSummary, PublicCaseView } from '@jqtb/shared/src/public/dto'
import { useEffect, useState } from 'preact/hooks'
import { api, saveSession, session } from './api'
import { ChooseMediator } from './mediators'
import { PhotoStrip } from './photos'
import { RateForm } from './rate'

function useLoad<T>(path: string): { data: T | null; error: string; reload: () => void } {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState('')
  const [n, setN] = useState(0)
  useEffect(() => {
    setError('')
    api<T>('GET', path)
      .then(setData)
      .catch((e: Error) => setError(e.message))
  }, [path, n])
  return { data, error, reload: () => setN(n + 1) }
}

const day = (iso: string) => new Date(iso).toLocaleString('zh-CN', { month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' })

function Failed({ error, reload }: { error: string; reload: () => void }) {
  return (
    <div class='card' role='alert'>
      <p class='error'>{error}</p>
      <button type='button' class='secondary' onClick={reload}>
        再试一次
      </button>
    </div>
  )
}

export function MyCases() {
  const { data, error, reload } = useLoad<{ items: PublicCaseSummary[] }>('/cases')
  const s = session()
  return (
    <>
      <a class='btn block' href='#/new'>
        我要反映一件事
      </a>
      <a class='btn secondary block' href='#/ask'>
        法律咨询
      </a>
      <h2>我反映的事</h2>
      {error && <Failed error={error} reload={reload} />}
      {!data && !error && <p class='muted'>正在加载…</p>}
      {data && !data.items.length && <p class='muted'>还没有反映过事情。点上面的按钮开始。</p>}
      {data?.items.map((c) => (
        <a class='card' href={`#/case/${c.code}`} key={c.code}>
          <span class='status'>{c.milestoneLabel}</span> {c.canRate && <strong>· 请评价</strong>}
          <strong style='display:block;margin-top:4px'>{c.title}</strong>
          <span class='muted'>
            {c.categoryLabel} · {day(c.filedAt)} · 案件码 {c.code}
          </span>
        </a>
      ))}
      <p class='muted'>
        已登录 {s?.phoneMasked}。{' '}
        <button
          type='button'
          class='textlink'
          onClick={() => {
            saveSession(null)
            location.hash = '#/login'
          }}
        >
          退出登录
        </button>
      </p>
    </>
  )
}

export function CaseView({ code }: { code: string }) {
  const { data, error, reload } = useLoad<PublicCaseView>(`/cases/${encodeURIComponent(code)}`)
  if (error) return <Failed error={error} reload={reload} />
  if (!data) return <p class='muted'>正在加载…</p>
  return (
    <>
      <div class='card center'>
        <p class='muted' style='margin:0'>
          案件码（到中心窗口出示或报出即可）
        </p>
        <p class='code' style='margin:4px 0'>
          {data.code}
        </p>
        {/* the SVG is made on our server from the case code alone */}
        <div class='qr' role='img' aria-label={`案件码 ${data.code} 的二维码`} dangerouslySetInnerHTML={{ __html: data.qrSvg }} />
      </div>
      <h2>办理进度</h2>
      <ol class='timeline'>
        {data.timeline.map((m) => (
          <li key={m.milestone}>
            <strong>{m.label}</strong>
            <span>{m.text}</span>
            <br />
            <span class='muted'>{day(m.at)}</span>
          </li>
        ))}
      </ol>
      {data.mediatorRequest && (
        <div class='card'>
          您选的调解员：<strong>{data.mediatorRequest.name}</strong> · {data.mediatorRequest.label}
          {data.mediatorRequest.reason && <p style='margin-bottom:0'>原因：{data.mediatorRequest.reason}</p>}
        </div>
      )}
      {data.milestone !== 'closed' && data.mediatorRequest?.state !== 'confirmed' && <ChooseMediator code={data.code} onDone={reload} />}
      {data.canRate && <RateForm path={`/cases/${data.code}/rating`} onDone={reload} />}
      {data.rating && (
        <div class='card'>
          您的评价：<strong>{data.rating.label}</strong>
          {data.rating.comment && <p>{data.rating.comment}</p>}
        </div>
      )}
      <h2>您反映的内容</h2>
      <div class='card'>
        <p style='margin-top:0'>{data.content}</p>
        <PhotoStrip photos={data.photos} />
        <p class='muted'>
          {data.categoryLabel} · {data.place}
          {data.otherParty ? ` · 对方：${data.otherParty}` : ''}
        </p>
      </div>
      <a class='btn secondary block' href='#/mine'>
        返回我反映的事
      </a>
    </>
  )
}
