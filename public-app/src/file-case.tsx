import { PUBLIC_CATEGORIES, type PublicCategory } from '@jqtb/shared/src/public/rules'
import { useEffect, useState } from 'preact/hooks'
import { api, uuid } from './api'
import { type Photo, PhotoPicker, type PhotoState } from './photos'

interface Community {
  code: string
  name: string
}
interface Place {
  id: string
  name: string
  kind: string
  unit: string | null
}

const DRAFT_KEY = 'jqtb.draft'

/** The form survives a lost signal and a closed tab: what was typed is kept until the case is filed. */
function useDraft<T extends object>(initial: T): [T, (patch: Partial<T>) => void, () => void] {
  const [v, setV] = useState<T>(() => {
    try {
      return { ...initial, ...JSON.parse(localStorage.getItem(DRAFT_KEY) ?? '{}') }
    } catch {
      return initial
    }
  })
  // from the latest state: a photo finishing uploads while the citizen types
  const set = (patch: Partial<T>) =>
    setV((prev) => {
      const next = { ...prev, ...patch }
      localStorage.setItem(DRAFT_KEY, JSON.stringify(next))
      return next
    })
  return [v, set, () => localStorage.removeItem(DRAFT_KEY)]
}

export function FileCase() {
  const [f, set, clear] = useDraft({
    requestId: uuid(),
    category: '' as PublicCategory | '',
    content: '',
    community: '',
    place: '',
    number: '',
    unsure: false,
    addressNote: '',
    occurredAt: '',
    otherParty: '',
    name: '',
    photos: [] as Photo[],
  })
  const [photoState, setPhotoState] = useState<PhotoState>({ busy: 0, failed: 0 })
  const [communities, setCommunities] = useState<Community[]>([])
  const [places, setPlaces] = useState<Place[]>([])
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    api<{ items: Community[] }>('GET', '/places')
      .then((r) => setCommunities(r.items))
      .catch((e: Error) => setError(e.message))
  }, [])
  useEffect(() => {
    setPlaces([])
    if (f.community)
      api<{ items: Place[] }>('GET', `/places/${f.community}`).then(
        (r) => setPlaces(r.items),
        () => setPlaces([]),
      )
  }, [f.community])

  const place = places.find((p) => p.id === f.place)

  async function submit(ev: Event) {
    ev.preventDefault()
    setError('')
    if (!f.category) return setError('请先选择是什么事')
    if (f.content.trim().length < 5) return setError('请写一写发生了什么（至少 5 个字）')
    if (!f.community && !f.addressNote.trim()) return setError('请选择村社，或在“我不确定”里写下大概位置')
    if (photoState.busy) return setError('照片还在上传，请等一等再提交')
    if (photoState.failed) return setError('有照片没传上去：请点它下面的「重试」，或「删掉」后再提交')
    setBusy(true)
    try {
      const body = {
        requestId: f.requestId,
        category: f.category,
        content: f.content.trim(),
        ...(f.community ? { community: f.community } : {}),
        ...(!f.unsure && f.place ? { place: f.place } : {}),
        ...(!f.unsure && f.place && f.number.trim() ? { number: f.number.trim() } : {}),
        ...(f.addressNote.trim() ? { addressNote: f.addressNote.trim() } : {}),
        ...(f.occurredAt ? { occurredAt: new Date(f.occurredAt).toISOString() } : {}),
        ...(f.otherParty.trim() ? { otherParty: f.otherParty.trim() } : {}),
        ...(f.name.trim() ? { name: f.name.trim() } : {}),
        ...(f.photos.length ? { photos: f.photos.map((p) => p.id) } : {}),
      }
      // sent again after a lost answer, the same requestId is the same case
      const r = await api<{ code: string }>('POST', '/cases', body)
      clear()
      location.hash = `#/case/${r.code}`
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <fieldset>
        <legend>
          <h2>是什么事？</h2>
        </legend>
        <div class='chips'>
          {PUBLIC_CATEGORIES.map((c) => (
            <button type='button' key={c.code} class='chip' aria-pressed={f.category === c.code} onClick={() => set({ category: c.code })}>
              {c.label}
              <small>{c.hint}</small>
            </button>
          ))}
        </div>
      </fieldset>

      <label for='content'>发生了什么？</label>
      <textarea id='content' maxLength={1000} value={f.content} onInput={(e) => set({ content: e.currentTarget.value })} placeholder='简单说说经过和您的诉求' />

      <h2>在哪里？</h2>
      <label for='community'>村 / 社区</label>
      <select id='community' value={f.community} onChange={(e) => set({ community: e.currentTarget.value, place: '', number: '' })}>
        <option value=''>请选择</option>
        {communities.map((c) => (
          <option value={c.code} key={c.code}>
            {c.name}
          </option>
        ))}
      </select>
      {f.community && !f.unsure && (
        <>
          <label for='place'>小区 / 道路 / 村组</label>
          <select id='place' value={f.place} onChange={(e) => set({ place: e.currentTarget.value })}>
            <option value=''>请选择</option>
            {places.map((p) => (
              <option value={p.id} key={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          {place?.unit && (
            <>
              <label for='number'>门牌（第几{place.unit}）</label>
              <input
                id='number'
                inputMode='numeric'
                maxLength={10}
                value={f.number}
                onInput={(e) => set({ number: e.currentTarget.value })}
                placeholder={`例如 5（${place.unit}）`}
              />
            </>
          )}
        </>
      )}
      <label style='font-weight:400;display:flex;gap:8px;align-items:center;min-height:44px'>
        <input type='checkbox' style='width:24px;min-height:24px' checked={f.unsure} onChange={(e) => set({ unsure: e.currentTarget.checked })} />
        我不确定具体地址
      </label>
      {(f.unsure || !f.community) && (
        <>
          <label for='addressNote'>大概位置</label>
          <input
            id='addressNote'
            maxLength={120}
            value={f.addressNote}
            onInput={(e) => set({ addressNote: e.currentTarget.value })}
            placeholder='例如：菜市场东门旁边'
          />
        </>
      )}

      <label for='occurredAt'>什么时候发生的？（可不填）</label>
      <input id='occurredAt' type='datetime-local' value={f.occurredAt} onInput={(e) => set({ occurredAt: e.currentTarget.value })} />
      <label for='otherParty'>对方是谁？（可不填）</label>
      <input
        id='otherParty'
        maxLength={40}
        value={f.otherParty}
        onInput={(e) => set({ otherParty: e.currentTarget.value })}
        placeholder='例如：楼上住户、某某公司'
      />
      <label for='name'>怎么称呼您？（可不填）</label>
      <input id='name' maxLength={20} value={f.name} onInput={(e) => set({ name: e.currentTarget.value })} placeholder='例如：王女士' />

      <h2>照片（可不加）</h2>
      <p class='muted' style='margin-top:0'>
        现场、损坏的地方、欠条等，最多 6 张。照片会先在手机上压缩再上传，不带拍摄位置。
      </p>
      <PhotoPicker value={f.photos} onChange={(photos) => set({ photos })} onState={setPhotoState} />

      {error && (
        <p class='error' role='alert'>
          {error}
        </p>
      )}
      <button type='submit' class='block' disabled={busy}>
        {busy ? '正在提交…' : photoState.busy ? '照片上传中…' : '提交'}
      </button>
      <p class='muted'>提交后会得到一个案件码，可凭它到社会治理中心窗口查询。紧急情况请直接拨打 110。</p>
    </form>
  )
}
