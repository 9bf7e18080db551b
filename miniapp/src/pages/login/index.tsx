import type { DemoUserView } from '@jqtb/shared/src/users/dto'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { ErrorState, Loading } from '../../components/states'
import { type AuthConfig, getPlatform } from '../../platform'
import { request } from '../../services/http'
import { getAuthConfig, type SessionUser, signIn } from '../../services/session'
import { homeFor } from '../../shell/tabs'
import './index.scss'

type DemoUser = DemoUserView

/** Demo users listed as the loop runs: grid workers, department leads, the centre, then the rest. */
const ROLE_ORDER = ['grid_worker', 'dept_lead', 'dispatcher', 'community_staff', 'dept_staff', 'admin', 'mediator']
const rolePriority = (u: DemoUser) => Math.min(...u.roles.map((r) => (ROLE_ORDER.indexOf(r) + 1 || 99) - 1))

type Phase = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'platform' } | { kind: 'dev'; users: DemoUser[] } | { kind: 'outside' }

/**
 * Login. Inside DingTalk or 浙政钉 it runs by itself (免登). In a plain browser it lists the demo users when the
 * BFF runs against the simulator, and otherwise says where to open the app.
 */
export default function LoginPage() {
  const router = useRouter()
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' })
  const [pendingUser, setPendingUser] = useState<string | null>(null)
  const [loginError, setLoginError] = useState<string | null>(null)
  const platform = getPlatform()

  const enter = useCallback(
    (user: SessionUser) => {
      const target = router.params.redirect ? decodeURIComponent(router.params.redirect) : homeFor(user.roles)
      void Taro.reLaunch({ url: target })
    },
    [router.params.redirect],
  )

  const start = useCallback(async () => {
    setPhase({ kind: 'loading' })
    let config: AuthConfig
    try {
      config = await getAuthConfig()
    } catch (e) {
      setPhase({ kind: 'error', message: (e as Error).message })
      return
    }
    if (platform.kind !== 'browser') {
      setPhase({ kind: 'platform' })
      try {
        enter(await signIn())
      } catch (e) {
        setPhase({ kind: 'error', message: (e as Error).message })
      }
      return
    }
    if (!config.simulator) {
      setPhase({ kind: 'outside' })
      return
    }
    try {
      const { items } = await request<{ items: DemoUser[] }>('/api/dev/users')
      setPhase({ kind: 'dev', users: [...items].sort((a, b) => rolePriority(a) - rolePriority(b)) })
    } catch (e) {
      setPhase({ kind: 'error', message: (e as Error).message })
    }
  }, [platform.kind, enter])

  useEffect(() => {
    void start()
  }, [start])

  const picking = useRef(false)
  const pick = async (user: DemoUser) => {
    if (picking.current) return
    picking.current = true
    setPendingUser(user.id)
    setLoginError(null)
    try {
      enter(await signIn(user.id))
    } catch (e) {
      setLoginError(`${user.name}：${(e as Error).message}`)
      setPendingUser(null)
      picking.current = false
    }
  }

  return (
    <View className='login'>
      <View className='login__brand'>
        <Text className='login__title'>警情通办</Text>
        <Text className='login__subtitle'>古塘街道 · 矛盾纠纷协同处置</Text>
      </View>
      {phase.kind === 'loading' && <Loading />}
      {phase.kind === 'platform' && <Loading text={`正在通过${platform.label}登录…`} />}
      {phase.kind === 'error' && <ErrorState message={phase.message} onRetry={() => void start()} />}
      {phase.kind === 'outside' && (
        <View className='card login__outside'>
          <Text className='login__outside-title'>请在浙政钉/钉钉中打开</Text>
          <Text className='muted'>本应用使用工作台免登录，在浏览器中无法确认您的身份。请在浙政钉或钉钉的工作台中找到「警情通办」并打开。</Text>
        </View>
      )}
      {phase.kind === 'dev' && (
        <View className='login__dev'>
          <View className='login__notice'>
            <Text>开发模式：钉钉模拟器已连接。选择一个演示账号登录（与钉钉免登走同一条登录链路）。</Text>
          </View>
          {loginError && <Text className='error-text login__error'>{loginError}</Text>}
          <View className='card login__users'>
            {phase.users.map((u) => (
              <View key={u.id} className='login__user' role='button' onClick={() => void pick(u)}>
                <View className='login__avatar'>{u.name.slice(-2)}</View>
                <View className='login__who'>
                  <Text className='login__name'>
                    {u.name} · {u.roleLabels.join('、')}
                  </Text>
                  <Text className='faint'>
                    {u.title ? `${u.title} · ` : ''}
                    {u.territoryName}
                  </Text>
                </View>
                {pendingUser === u.id ? <View className='spinner login__spinner' /> : <Text className='btn btn--ghost btn--small'>登录</Text>}
              </View>
            ))}
          </View>
        </View>
      )}
    </View>
  )
}
