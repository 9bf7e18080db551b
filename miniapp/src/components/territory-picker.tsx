import { Text, View } from '@tarojs/components'
import { useLoad } from '../hooks/useLoad'
import { getTerritoryChildren } from '../services/reference'
import { Chips } from './form-fields'

/** 属地: a community, then (optionally) one of its grids. `value` is the chosen code. */
export function TerritoryPicker({ root, value, onChange }: { root: string; value: string; onChange: (code: string) => void }) {
  const communities = useLoad(() => getTerritoryChildren(root), root)
  const community = value.split('-').slice(0, 2).join('-')
  const chosenCommunity = value && value !== root ? community : ''
  const grids = useLoad(() => (chosenCommunity ? getTerritoryChildren(chosenCommunity) : Promise.resolve([])), chosenCommunity)
  if (communities.error) return <Text className='error-text'>{communities.error}</Text>
  if (!communities.data) return <Text className='faint'>加载中…</Text>
  return (
    <View className='territory-picker'>
      <Chips options={communities.data.map((c) => ({ value: c.code, label: c.name }))} value={chosenCommunity} onChange={onChange} />
      {chosenCommunity && grids.data && grids.data.length > 0 && (
        <View className='territory-picker__grids'>
          <Text className='field__hint'>网格（选填，不选则属地为整个村/社区）</Text>
          <Chips
            options={grids.data.map((g) => ({ value: g.code, label: g.name }))}
            value={value}
            onChange={(code) => onChange(code === value ? chosenCommunity : code)}
          />
        </View>
      )}
    </View>
  )
}
