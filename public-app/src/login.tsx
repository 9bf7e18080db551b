import { useEffect, useState } from 'preact/hooks'
import { api, saveSession } from './api'

interface CodeSent {
  resendAfter: number
}
interface CitizenSession {
  token: string
  expiresAt: string
  citizen: { phoneMasked: string; name?: string }
}
interface Providers {
  providers: Array<{ id: 'sms' | 'zlb'; label: string; loginUrl?: string }>
}

/** The ticket 浙里办 sends people back with (`/public/?ticket=…`). */
export const ticketInUrl = () => new URLSearchParams(location.search).get('ticket')

const signedIn = (s: CitizenSession) => {
  saveSession({ token: s.token, expiresAt: s.expiresAt, phoneMasked: s.citizen.phoneMasked })
  location.hash = '#/mine'
}

export function Login() {
  const [phone, setPhone] = useState('')
  const [code, setCode] = useState('')
  const [wait, setWait] = useState(0)
  const [sent, setSent] = useState(false)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const [zlb, setZlb] = useState<string | null>(null)
  const [viaZlb, setViaZlb] = useState(false)

  useEffect(() => {
    api<Providers>('GET', '/auth/providers').then(
      (r) => setZlb(r.providers.find((p) => p.id === 'zlb')?.loginUrl ?? null),
      () => setZlb(null),
    )
    const ticket = ticketInUrl()
    if (!ticket) return
    // the ticket works once: off the address bar at once, so a reload does not send it again
    history.replaceState(null, '', location.pathname + location.hash)
    setBusy(true)
    setViaZlb(true)
    api<CitizenSession>('POST', '/auth/zlb', { ticket }).then(signedIn, (e: Error) => {
      setError(e.message)
      setBusy(false)
      setViaZlb(false)
    })
  }, [])

  const zlbLogin = () => {
    if (zlb) location.href = `${zlb}&redirectUrl=${encodeURIComponent(location.origin + location.pathname)}`
  }

  useEffect(() => {
    if (wait <= 0) return
    const t = setTimeout(() => setWait(wait - 1), 1000)
    return () => clearTimeout(t)
  }, [wait])

  async function sendCode() {
    setError('')
    setBusy(true)
    try {
      const r = await api<CodeSent>('POST', '/auth/code', { phone })
      setSent(true)
      setWait(r.resendAfter)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  async function login(ev: Event) {
    ev.preventDefault()
    setError('')
    setBusy(true)
    try {
      signedIn(await api<CitizenSession>('POST', '/auth/login', { phone, code }))
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={login}>
      {viaZlb && (
        <p class='notice' role='status'>
          正在通过浙里办登录…
        </p>
      )}
      <p>有矛盾纠纷、需要帮助，可以在这里反映，并随时查看办理进度。</p>
      <label for='phone'>手机号</label>
      <div class='row'>
        <input
          id='phone'
          type='tel'
          inputMode='numeric'
          autoComplete='tel'
          maxLength={13}
          value={phone}
          onInput={(e) => setPhone(e.currentTarget.value)}
          placeholder='11 位手机号'
        />
        <button type='button' class='secondary' disabled={busy || wait > 0 || phone.replace(/\D/g, '').length < 11} onClick={sendCode}>
          {wait > 0 ? `${wait} 秒` : sent ? '重新获取' : '获取验证码'}
        </button>
      </div>
      <label for='code'>短信验证码</label>
      <input
        id='code'
        inputMode='numeric'
        autoComplete='one-time-code'
        maxLength={6}
        value={code}
        onInput={(e) => setCode(e.currentTarget.value)}
        placeholder='6 位数字'
      />
      {sent && <p class='muted'>验证码已发送，5 分钟内有效。</p>}
      {error && (
        <p class='error' role='alert'>
          {error}
        </p>
      )}
      <button type='submit' class='block' disabled={busy || code.length !== 6}>
        登录
      </button>
      {zlb && (
        <>
          <p class='or muted'>或者</p>
          <button type='button' class='block zlb' disabled={busy} onClick={zlbLogin}>
            浙里办一键登录
          </button>
        </>
      )}
      <p class='muted'>只用于查看您自己反映的事。我们不会把您的手机号给对方当事人。</p>
    </form>
  )
}
