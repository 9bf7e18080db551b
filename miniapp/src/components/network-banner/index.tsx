import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { getPlatform } from '../../platform'
import './index.scss'

/** Says so when the signal is gone, and that what the person types is kept on the phone meanwhile. */
export function NetworkBanner() {
  const [online, setOnline] = useState(true)
  useEffect(() => getPlatform().watchConnectivity(setOnline), [])
  if (online) return null
  return (
    <View className='network-banner' role='status'>
      <Text>网络已断开：填写的内容会保存在本机，恢复信号后再提交</Text>
    </View>
  )
}
