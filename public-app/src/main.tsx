/**
 * 公众侧 — the citizen's page: log in with a mobile number and an SMS code, tell us about a dispute,
 * get a case code, follow it, rate it. Small on purpose (Preact, no UI kit): a cheap phone on a weak
 * signal opens it in one bundle. Hash routes: #/ · #/login · #/new · #/case/<code> · #/rate/<token>.
 */
import { type ComponentChildren, render } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { session } from './api'
import { Ask } from './ask'
import { CaseView, MyCases } from './cases'
import { FileCase } from './file-case'
import { Login, ticketInUrl } from './login'
import { RateLink } from './rate'

const LARGE_KEY = 'jqtb.large'

function useRoute(): string[] {
  const read = () => (location.hash.replace(/^#\/?/, '') || '').split('/')
  const [route, setRoute] = useState(read)
  useEffect(() => {
    const on = () => {
      setRoute(read())
      window.scrollTo(0, 0)
    }
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return route
}

export const go = (hash: string) => {
  location.hash = hash
}

function LargeText() {
  const [large, setLarge] = useState(() => localStorage.getItem(LARGE_KEY) === '1')
  useEffect(() => {
    document.documentElement.classList.toggle('large', large)
    localStorage.setItem(LARGE_KEY, large ? '1' : '0')
  }, [large])
  return (
    <button type='button' class='textlink' aria-pressed={large} onClick={() => setLarge(!large)}>
      {large ? '标准字' : '大字'}
    </button>
  )
}

function App() {
  const [page, arg] = useRoute()
  const signedIn = !!session()
  let body: ComponentChildren
  if (page === 'rate' && arg) body = <RateLink token={arg} />
  else if (!signedIn || page === 'login' || ticketInUrl()) body = <Login />
  else if (page === 'new') body = <FileCase />
  else if (page === 'ask') body = <Ask />
  else if (page === 'case' && arg) body = <CaseView code={decodeURIComponent(arg)} />
  else body = <MyCases />
  return (
    <main class='page'>
      <div class='top'>
        <a href='#/' class='title' style='color:inherit;text-decoration:none'>
          群众诉求
        </a>
        <LargeText />
      </div>
      {body}
    </main>
  )
}

render(<App />, document.getElementById('app')!)
