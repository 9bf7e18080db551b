import { useEffect, useState } from 'react'
import { InteractiveLoginRequired } from '../platform'
import { currentUser, ensureToken, onSessionChange, type SessionUser } from '../services/session'
import { goToLogin } from '../shell/navigation'

/**
 * The signed-in person. When there is no valid session the hook logs in silently through the platform (or, in a
 * plain browser, sends the person to the login page); `error` carries a login failure to show with a retry.
 */
export function useSessionUser(): { user: SessionUser | null; error: string | null; retry: () => void } {
  const [user, setUser] = useState<SessionUser | null>(currentUser())
  const [error, setError] = useState<string | null>(null)
  const [attempt, setAttempt] = useState(0)

  useEffect(() => onSessionChange(setUser), [])

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry trigger
  useEffect(() => {
    let cancelled = false
    setError(null)
    ensureToken()
      .then(() => {
        if (!cancelled) setUser(currentUser())
      })
      .catch((e) => {
        if (cancelled) return
        if (e instanceof InteractiveLoginRequired) goToLogin()
        else setError((e as Error).message || '登录失败')
      })
    return () => {
      cancelled = true
    }
  }, [attempt])

  return { user, error, retry: () => setAttempt((n) => n + 1) }
}
