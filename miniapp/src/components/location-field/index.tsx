import { checkLocation } from '@jqtb/shared/src/tasks/geofence'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { getPlatform } from '../../platform'
import { ActionButton } from '../action-button'
import './index.scss'

export interface LocationValue {
  lat: number
  lng: number
  accuracy: number
  address?: string
}

/** Above this radius the fix says little about where the person stands. */
const LOOSE_ACCURACY_M = 100

/** The on-site location check: one tap, the position with its accuracy, a warning when it is loose. */
/** 1234 → 「1.2 公里」, 80 → 「80 米」 */
const distanceText = (m: number) => (m >= 1000 ? `${(m / 1000).toFixed(1)} 公里` : `${m} 米`)

/**
 * The on-site location check: one tap; the place name when the platform gives one, whether the position is inside
 * `territory` (the same check the server flags records with), the accuracy, and the coordinates last and small.
 */
export function LocationField({
  value,
  onChange,
  territory,
}: {
  value: LocationValue | null | undefined
  onChange: (v: LocationValue | null) => void
  territory?: { code: string; name: string }
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const locate = async () => {
    setBusy(true)
    setError(null)
    try {
      const fix = await getPlatform().getLocation()
      onChange({ lat: fix.latitude, lng: fix.longitude, accuracy: fix.accuracy, ...(fix.address ? { address: fix.address } : {}) })
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  const check = value && territory ? checkLocation(territory.code, value) : null
  return (
    <View className='location-field'>
      {value ? (
        <View className='location-field__fix'>
          <Text className='location-field__place'>{value.address || '已获取位置（此设备未提供地名）'}</Text>
          {check && territory && (
            <Text className={`location-field__check location-field__check--${check.outside ? 'out' : 'in'}`}>
              {check.outside
                ? `不在${territory.name}范围内（距约 ${distanceText(check.distanceM)}）：仍可提交，记录会标注为属地外`
                : `✓ 在${territory.name}范围内`}
            </Text>
          )}
          <Text className={value.accuracy > LOOSE_ACCURACY_M ? 'location-field__accuracy location-field__accuracy--loose' : 'location-field__accuracy'}>
            精度 ±{Math.round(value.accuracy)} 米{value.accuracy > LOOSE_ACCURACY_M ? '（精度较低，可到室外重新定位）' : ''}
          </Text>
          <Text className='location-field__coords'>
            坐标 {value.lat.toFixed(5)}, {value.lng.toFixed(5)}
          </Text>
        </View>
      ) : (
        <Text className='muted'>尚未定位。到达现场后点击获取，用于核对是否在{territory ? territory.name : '属地'}范围内。</Text>
      )}
      <View className='location-field__buttons'>
        <ActionButton small kind='ghost' busy={busy} onClick={() => void locate()}>
          {busy ? '定位中…' : value ? '重新定位' : '获取当前位置'}
        </ActionButton>
        {value && !busy && (
          <ActionButton small onClick={() => onChange(null)}>
            清除
          </ActionButton>
        )}
      </View>
      {error && <Text className='error-text'>{error}</Text>}
    </View>
  )
}
