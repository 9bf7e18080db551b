/**
 * Photos on a filing or a question, for a cheap phone on a weak signal: each photo is shrunk in the
 * browser first (long side 1600 px, JPEG 0.8 — a 4 MB camera photo becomes a few hundred KB, and the
 * re-encoding drops its EXIF position before anything leaves the phone), then sent one at a time with a
 * progress bar; a photo that fails shows 重试 and 删掉 and never touches the rest of the form. Photos
 * that arrived are kept with the form's draft (their ids), so a closed tab loses none.
 */
import { CITIZEN_PHOTO_LIMITS } from '@jqtb/shared/src/public/rules'
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, saveSession, session } from './api'

export interface Photo {
  id: string
  url: string
}

interface Item {
  key: number
  state: 'waiting' | 'shrinking' | 'uploading' | 'done' | 'failed'
  /** 0–100 while uploading */
  progress: number
  preview: string
  file?: File
  photo?: Photo
  error?: string
}

/** Draws the photo on a canvas, long side at most `longSide`, and encodes it as JPEG. */
export async function shrink(file: Blob, longSide: number = CITIZEN_PHOTO_LIMITS.longSide, quality: number = CITIZEN_PHOTO_LIMITS.jpegQuality): Promise<Blob> {
  const url = URL.createObjectURL(file)
  try {
    const img = new Image()
    img.decoding = 'async'
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve()
      img.onerror = () => reject(new Error('decode'))
      img.src = url
    })
    // browsers draw an <img> the way its EXIF orientation says, so the shrunk photo stands upright
    const scale = Math.min(1, longSide / Math.max(img.naturalWidth, img.naturalHeight))
    const canvas = document.createElement('canvas')
    canvas.width = Math.max(1, Math.round(img.naturalWidth * scale))
    canvas.height = Math.max(1, Math.round(img.naturalHeight * scale))
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new Error('canvas')
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height)
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality))
    canvas.width = 0 // give the memory back at once on a phone with little of it
    if (!blob) throw new Error('encode')
    return blob
  } finally {
    URL.revokeObjectURL(url)
  }
}

/** One photo to `POST /api/public/photos`, with upload progress (fetch cannot report it). */
function send(blob: Blob, onProgress: (percent: number) => void): Promise<Photo> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', '/api/public/photos')
    const s = session()
    if (s) xhr.setRequestHeader('authorization', `Bearer ${s.token}`)
    xhr.timeout = 90_000
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100))
    const network = () => reject(new ApiError(0, 'NETWORK', '网络不好，这张没传上去。点「重试」再传一次。'))
    xhr.onerror = network
    xhr.ontimeout = network
    xhr.onload = () => {
      let body: { id?: string; url?: string; error?: { code: string; message: string } } | null = null
      try {
        body = JSON.parse(xhr.responseText)
      } catch {}
      if (xhr.status === 201 && body?.id && body.url) return resolve({ id: body.id, url: body.url })
      if (xhr.status === 401) saveSession(null)
      reject(new ApiError(xhr.status, body?.error?.code ?? 'ERROR', body?.error?.message ?? '这张没传上去，请点「重试」'))
    }
    const form = new FormData()
    form.append('file', blob, 'photo.jpg')
    xhr.send(form)
  })
}

let nextKey = 1

export interface PhotoState {
  /** photos still being shrunk or sent */
  busy: number
  /** photos that did not get through (retry or remove) */
  failed: number
}

export function PhotoPicker({ value, onChange, onState }: { value: Photo[]; onChange: (photos: Photo[]) => void; onState?: (s: PhotoState) => void }) {
  const [items, setItems] = useState<Item[]>(() => value.map((p) => ({ key: nextKey++, state: 'done', progress: 100, preview: p.url, photo: p })))
  const itemsRef = useRef(items)
  itemsRef.current = items
  const running = useRef(false)
  const input = useRef<HTMLInputElement>(null)
  const max = CITIZEN_PHOTO_LIMITS.perFiling

  const patch = (key: number, p: Partial<Item>) => setItems((list) => list.map((i) => (i.key === key ? { ...i, ...p } : i)))

  // a form reset from outside (after filing) empties the picker
  useEffect(() => {
    if (!value.length && itemsRef.current.some((i) => i.state === 'done')) setItems((list) => list.filter((i) => i.state !== 'done'))
  }, [value.length])

  useEffect(() => {
    const done = items.filter((i) => i.state === 'done' && i.photo).map((i) => i.photo as Photo)
    if (done.map((p) => p.id).join() !== value.map((p) => p.id).join()) onChange(done)
    onState?.({
      busy: items.filter((i) => i.state === 'waiting' || i.state === 'shrinking' || i.state === 'uploading').length,
      failed: items.filter((i) => i.state === 'failed').length,
    })
    if (!running.current && items.some((i) => i.state === 'waiting')) void work()
  }, [items])

  /** One photo at a time: a cheap phone has little memory, and a weak signal little bandwidth. */
  async function work() {
    running.current = true
    try {
      for (;;) {
        const item = itemsRef.current.find((i) => i.state === 'waiting')
        if (!item?.file) break
        patch(item.key, { state: 'shrinking', progress: 0, error: undefined })
        let blob: Blob = item.file
        try {
          blob = await shrink(item.file)
        } catch {
          // a photo this browser cannot draw (some HEIC): send it as it is and let the server say
        }
        patch(item.key, { state: 'uploading' })
        try {
          const photo = await send(blob, (progress) => patch(item.key, { progress }))
          patch(item.key, { state: 'done', progress: 100, photo, file: undefined })
        } catch (e) {
          patch(item.key, { state: 'failed', error: (e as Error).message })
        }
        // let the state settle before looking for the next one
        await new Promise((r) => setTimeout(r, 0))
      }
    } finally {
      running.current = false
    }
  }

  function pick(e: Event) {
    const files = [...((e.currentTarget as HTMLInputElement).files ?? [])]
    ;(e.currentTarget as HTMLInputElement).value = ''
    const room = max - itemsRef.current.length
    const added = files
      .slice(0, Math.max(0, room))
      .map((file) => ({ key: nextKey++, state: 'waiting' as const, progress: 0, preview: URL.createObjectURL(file), file }))
    setItems((list) => [...list, ...added])
  }

  const remove = (key: number) => setItems((list) => list.filter((i) => i.key !== key))
  const retry = (key: number) => patch(key, { state: 'waiting', error: undefined, progress: 0 })

  return (
    <div class='photos'>
      <ul class='thumbs'>
        {items.map((i, n) => (
          <li key={i.key} class={`thumb ${i.state}`}>
            <img src={i.preview} alt={`第 ${n + 1} 张照片`} />
            {(i.state === 'waiting' || i.state === 'shrinking' || i.state === 'uploading') && (
              <span class='bar' role='progressbar' aria-valuemin={0} aria-valuemax={100} aria-valuenow={i.progress}>
                <span style={`width:${i.state === 'uploading' ? i.progress : 0}%`} />
                <em>{i.state === 'uploading' ? `${i.progress}%` : i.state === 'shrinking' ? '压缩中' : '排队中'}</em>
              </span>
            )}
            {i.state === 'done' && <span class='ok'>已上传</span>}
            {i.state === 'failed' && (
              <span class='failed' role='alert'>
                {i.error}
              </span>
            )}
            <span class='acts'>
              {i.state === 'failed' && (
                <button type='button' class='secondary' onClick={() => retry(i.key)}>
                  重试
                </button>
              )}
              <button type='button' class='secondary' onClick={() => remove(i.key)} aria-label={`删掉第 ${n + 1} 张照片`}>
                删掉
              </button>
            </span>
          </li>
        ))}
      </ul>
      {items.length < max && (
        <>
          <button type='button' class='secondary block' onClick={() => input.current?.click()}>
            ＋ 添加照片（还可以加 {max - items.length} 张）
          </button>
          <input ref={input} type='file' accept='image/*' multiple hidden onChange={pick} aria-label='选择照片' />
        </>
      )}
    </div>
  )
}

/** Photos already attached (on a case or a question), small, opening full size. */
export function PhotoStrip({ photos }: { photos: Photo[] }) {
  if (!photos.length) return null
  return (
    <ul class='thumbs'>
      {photos.map((p, n) => (
        <li key={p.id} class='thumb done'>
          <a href={p.url} target='_blank' rel='noopener noreferrer'>
            <img src={p.url} alt={`照片 ${n + 1}`} loading='lazy' />
          </a>
        </li>
      ))}
    </ul>
  )
}
