// Only the icons' base CSS: our own components carry their styles, which keeps the DingTalk main package small.
// Pages that use a NutUI component import its style on their own (dist/es/packages/<name>/style/css).
import '@nutui/icons-react-taro/dist/style_icon.css'
import type { PropsWithChildren } from 'react'
import './app.scss'
import { installChunkRetry } from './shell/chunk-retry'
import { prefetchRolePages } from './shell/prefetch'

if (process.env.TARO_ENV === 'h5') {
  installChunkRetry()
  prefetchRolePages()
}

function App({ children }: PropsWithChildren) {
  return children
}

export default App
