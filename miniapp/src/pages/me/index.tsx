import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ActionButton } from '../../components/action-button'
import { Chips } from '../../components/form-fields'
import { PageShell } from '../../components/page-shell'
import { useAction } from '../../hooks/useAction'
import { getPlatform } from '../../platform'
import { api } from '../../services/api'
import { currentUser, signOut } from '../../services/session'
import { setTextSize, type TextSize, textSizeSetting } from '../../services/text-size'
import { menuFor } from '../../shell/me-menu'
import { PAGES } from '../../shell/navigation'
import { formatDateTime } from '../../utils/time'
import './index.scss'
import { FOCUSABLE } from '../../components/a11y'

const TEXT_SIZE_OPTIONS: Array<{ value: TextSize; label: string }> = [
  { value: 'normal', label: '标准' },
  { value: 'large', label: '大字' },
  { value: 'auto', label: '跟随钉钉设置' },
]

function Profile() {
  const user = currentUser()!
  const platform = getPlatform()
  const [sentAt, setSentAt] = useState<string | null>(null)
  const testNotice = useAction(
    async () => {
      await api<unknown>('/api/notifications/test', { method: 'POST' })
      setSentAt(formatDateTime(Date.now()))
    },
    { success: '已加入发送队列' },
  )
  const [textSize, setTextSizeState] = useState<TextSize>(textSizeSetting)
  const menu = menuFor(user)
  return (
    <View className='me'>
      <View className='card me__profile'>
        <View className='avatar me__avatar'>{user.name.slice(-2)}</View>
        <View className='me__who'>
          <Text className='me__name'>{user.name}</Text>
          <Text className='muted'>{[user.title, ...user.roleLabels].filter(Boolean).join(' · ')}</Text>
        </View>
      </View>
      <View className='card'>
        <View className='me__row'>
          <Text className='muted'>属地</Text>
          <Text>{user.territory?.name ?? '—'}</Text>
        </View>
        <View className='me__row'>
          <Text className='muted'>部门</Text>
          <Text>{user.department?.name ?? '—'}</Text>
        </View>
        {user.tags && user.tags.length > 0 && (
          <View className='me__row'>
            <Text className='muted'>专长</Text>
            <Text>{user.tags.join('、')}</Text>
          </View>
        )}
        <View className='me__row'>
          <Text className='muted'>登录方式</Text>
          <Text>{platform.label}</Text>
        </View>
      </View>
      {menu.length > 0 && (
        <View className='card'>
          {menu.map((m) => (
            <View key={m.url} className='me__row me__link' role='link' {...FOCUSABLE} onClick={() => void Taro.navigateTo({ url: m.url })}>
              <Text>{m.title}</Text>
              <Text className='faint'>{m.note ?? '›'}</Text>
            </View>
          ))}
        </View>
      )}
      <View className='card me__text-size'>
        <Text className='me__section'>字体大小</Text>
        <Chips
          options={TEXT_SIZE_OPTIONS.filter((o) => o.value !== 'auto' || platform.prefersLargeText?.() !== undefined)}
          value={textSize === 'auto' && platform.prefersLargeText?.() === undefined ? 'normal' : textSize}
          onChange={(v) => {
            setTextSize(v)
            setTextSizeState(v)
          }}
        />
        <Text className='muted'>大字模式放大所有页面的文字和按钮，方便阅读和点按。</Text>
      </View>
      {user.roles.includes('admin') && (
        <View className='card me__diagnostics'>
          <Text className='me__section'>诊断（管理员）</Text>
          <Text className='muted'>检查钉钉/浙政钉工作通知能否送达：给自己发一条测试通知。</Text>
          <ActionButton block kind='ghost' busy={testNotice.busy} onClick={() => void testNotice.run()}>
            发送测试工作通知
          </ActionButton>
          {testNotice.error && <Text className='error-text'>{testNotice.error}</Text>}
          {sentAt && !testNotice.error && <Text className='muted me__sent'>测试通知已于 {sentAt} 加入发送队列，几秒后会出现在工作通知里</Text>}
        </View>
      )}
      {platform.kind === 'browser' && (
        <View className='me__actions'>
          <ActionButton
            block
            onClick={() => {
              signOut()
              void Taro.reLaunch({ url: PAGES.login })
            }}
          >
            退出登录（切换账号）
          </ActionButton>
        </View>
      )}
    </View>
  )
}

export default function MePage() {
  return (
    <PageShell tab={PAGES.me}>
      <Profile />
    </PageShell>
  )
}
