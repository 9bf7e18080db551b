import { Text } from '@tarojs/components'

/**
 * A page's own big title, only where no native navigation bar already shows it: the DingTalk mini-program's nav bar
 * shows each page's navigationBarTitleText (index.config.ts), so there the in-page title would say it twice.
 */
export const SHOW_PAGE_TITLE = process.env.TARO_ENV === 'h5'

export function PageTitle({ children, className = 'page-title' }: { children: string; className?: string }) {
  return SHOW_PAGE_TITLE ? <Text className={className}>{children}</Text> : null
}
