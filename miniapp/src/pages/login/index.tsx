import type { DemoUserView } from '@jqtb/shared/src/users/dto'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { ErrorState, Loading } from '../../components/states'
import { type AuthConfig, getPlatform } from '../../platform'
import { request } from '../../services/http'
import { getAuthConfig, type SessionUser, signIn } from '../../services/session'
import { dropBootSkeleton } from '../../shell/boot'
import { homeFor } from '../../shell/tabs'
import './index.scss'
import { FOCUSABLE } from '../../components/a11y'

type DemoUser = DemoUserView

/** Demo users grouped as the loop runs: grid workers, department leads, the centre, then the rest — each group says what its people do. */
const GROUPS: Array<{ role: string; title: string }> = [
  { role: 'grid_worker', title: '网格员 · 揭榜认领、现场处置、上报' },
  { role: 'dept_lead', title: '部门负责人 · 签收、发布揭榜、指派、验收' },
  { role: 'dispatcher', title: '社治中心 · 建单、分拨、督办' },
  { role: 'community_staff', title: '村社干部 · 揭榜、验收本村社工单' },
  { role: 'dept_staff', title: '部门工作人员 · 办理部门工单' },
  { role: 'admin', title: '管理员 · 考核规则、人员管理' },
  { role: 'mediator', title: '调解员 · 按专长揭榜调解' },
]
const ROLE_ORDER = GROUPS.map((g) => g.role)
/** A person with several roles is listed once, under the first of them in this order (刘刚: 社治中心 before 部门负责人). */
const primaryRole = (u: DemoUser) => ROLE_ORDER[Math.min(...u.roles.map((r) => (ROLE_ORDER.indexOf(r) + 1 || 99) - 1))] ?? 'other'

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
      setPhase({ kind: 'dev', users: items })
    } catch (e) {
      setPhase({ kind: 'error', message: (e as Error).message })
    }
  }, [platform.kind, enter])

  useEffect(() => {
    dropBootSkeleton()
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
            <Text className='login__switch'>要换一个账号：在「我的」页底部点「退出登录（切换账号）」，回到这里再选。</Text>
          </View>
          {loginError && <Text className='error-text login__error'>{loginError}</Text>}
          {GROUPS.map((g) => {
            const people = phase.users.filter((u) => primaryRole(u) === g.role)
            if (!people.length) return null
            return (
              <View key={g.role} className='login__group'>
                <Text className='login__group-title'>{g.title}</Text>
                <View className='card login__users'>
                  {people.map((u) => (
                    <View key={u.id} className='login__user' role='button' {...FOCUSABLE} onClick={() => void pick(u)}>
                      <View className='login__avatar'>{u.name.slice(-2)}</View>
                      <View className='login__who'>
                        <Text className='login__name'>
                          {u.name} · {u.roleLabels.join('、')}
                        </Text>
                        <Text className='muted'>
                          {u.title ? `${u.title} · ` : ''}
                          {u.territoryName}
                        </Text>
                      </View>
                      {pendingUser === u.id ? <View className='spinner login__spinner' /> : <Text className='btn btn--ghost btn--small'>登录</Text>}
                    </View>
                  ))}
                </View>
              </View>
            )
          })}
        </View>
      )}
    </View>
  )
}
