import type { Role } from '@jqtb/shared'
import { Add, Category, Edit, Home, List, Message, Order, Service, User } from '@nutui/icons-react-taro'
import { Text, View } from '@tarojs/components'
import type { ComponentType } from 'react'
import { type PagePath, switchTab } from '../../shell/navigation'
import { type TabIcon, tabsFor } from '../../shell/tabs'
import './index.scss'
import { FOCUSABLE } from '../a11y'

const ICONS: Record<TabIcon, ComponentType<{ className?: string }>> = {
  home: Home,
  hall: Service,
  mine: Order,
  report: Edit,
  department: Category,
  review: List,
  all: List,
  create: Add,
  intake: Message,
  me: User,
}

/** The bottom tab bar for this person's roles (Taro's static tabBar cannot vary by role). */
export function TabBar({ roles, current }: { roles: readonly Role[]; current: PagePath }) {
  const tabs = tabsFor(roles)
  return (
    <View className='tab-bar' role='navigation' aria-label='主菜单'>
      <View className='tab-bar__inner'>
        {tabs.map((tab) => {
          const Icon = ICONS[tab.icon]
          const on = tab.path === current
          return (
            <View
              key={tab.path}
              className={`tab-bar__item${on ? ' tab-bar__item--on' : ''}`}
              role='link'
              {...FOCUSABLE}
              aria-current={on ? 'page' : undefined}
              onClick={() => {
                if (!on) switchTab(tab.path)
              }}
            >
              <Icon className='tab-bar__icon' />
              <Text className='tab-bar__text'>{tab.text}</Text>
            </View>
          )
        })}
      </View>
    </View>
  )
}
