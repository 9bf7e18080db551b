import { View } from '@tarojs/components'
import { type ReactNode, useEffect } from 'react'
import { useLargeText } from '../../hooks/useLargeText'
import { useSessionUser } from '../../hooks/useSession'
import { isConsultant } from '../../services/consultations'
import { dropBootSkeleton } from '../../shell/boot'
import type { PagePath } from '../../shell/navigation'
import { homeFor } from '../../shell/tabs'
import { FOCUSABLE } from '../a11y'
import { ConsultEntry } from '../consult-entry'
import { NetworkBanner } from '../network-banner'
import { ErrorState, Loading } from '../states'
import { TabBar } from '../tab-bar'
import './index.scss'

interface Props {
  /** the tab this page is; pages without one (detail, forms) get no tab bar */
  tab?: PagePath
  children: ReactNode
  /** the whole window's width (the 一屏掌控 large screen) instead of a comfortable reading width */
  wide?: boolean
}

/**
 * Every signed-in page: logs in silently if needed, centres the content at a comfortable width on a PC
 * DingTalk window, and adds the role's tab bar. Children mount only once the person is known.
 */
export function PageShell({ tab, children, wide }: Props) {
  const { user, error, retry } = useSessionUser()
  const large = useLargeText()
  // the hall drawn by index.html stays until the hall's own list is on screen (a page without its person drops it)
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the page mounts
  useEffect(() => dropBootSkeleton(user ? tab : undefined), [])
  let body: ReactNode
  // the start page of a person tagged 专科医生 leads to the questions waiting for them, whatever their role's page is
  if (user)
    body =
      tab && tab === homeFor(user.roles) && isConsultant(user) ? (
        <>
          <ConsultEntry />
          {children}
        </>
      ) : (
        children
      )
  else if (error) body = <ErrorState message={error} onRetry={retry} />
  else body = <Loading text='正在登录…' />
  return (
    // focusable: a page taller than the screen scrolls, and a keyboard (PC DingTalk) must be able to scroll it
    <View {...FOCUSABLE} className={`shell${tab && user ? ' shell--tabbed' : ''}${large && process.env.TARO_ENV !== 'h5' ? ' shell--large' : ''}`}>
      <NetworkBanner />
      <View className={`shell__body${wide ? ' shell__body--wide' : ''}`}>{body}</View>
      {tab && user && <TabBar roles={user.roles} current={tab} />}
    </View>
  )
}
