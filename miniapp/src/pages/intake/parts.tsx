import type { CategoryView, TaxonomyNodeView, TerritoryGuessView } from '@jqtb/shared/src/intake'
import { Text, View } from '@tarojs/components'
import { Chips } from '../../components/form-fields'

/* Pieces the intake pages share: page paths, the confidence badges, the taxonomy picker. */

export const INTAKE_PAGES = {
  records: '/pages/intake/index',
  record: '/pages/intake/record/index',
  window: '/pages/intake/window/index',
  import: '/pages/intake/import/index',
} as const

export const recordUrl = (key: string) => `${INTAKE_PAGES.record}?key=${encodeURIComponent(key)}`

/** 「确定」 in green, or 「待确认 62%」 in amber: nothing uncertain looks certain. */
export function Confidence({ confident, confidence }: { confident: boolean; confidence: number }) {
  return confident ? <Text className='tag tag--green'>确定</Text> : <Text className='tag tag--amber'>待确认 {Math.round(confidence * 100)}%</Text>
}

export function TerritoryLine({ t }: { t: TerritoryGuessView }) {
  if (!t.micro) {
    const some = t.candidates.length
    return (
      <View className='intake-line'>
        <Text className='muted'>属地</Text>
        <Text className='intake-line__value'>{some ? `${t.area?.name ?? ''}（${some} 个可能的微网格）` : '无法识别'}</Text>
        <Text className={`tag ${some ? 'tag--amber' : 'tag--red'}`}>{some ? '待确认' : '请人工指定'}</Text>
      </View>
    )
  }
  return (
    <View className='intake-line'>
      <Text className='muted'>属地</Text>
      <Text className='intake-line__value'>{t.micro.name}</Text>
      <Confidence confident={t.confident} confidence={t.confidence} />
    </View>
  )
}

export function CategoryLine({ c }: { c: CategoryView }) {
  return (
    <View className='intake-line'>
      <Text className='muted'>分类</Text>
      <Text className='intake-line__value'>{c.path}</Text>
      {c.confident ? null : <Text className='tag tag--amber'>{c.via === 'keyword' ? '推测' : '待确认'}</Text>}
    </View>
  )
}

/** Picks a taxonomy node: the family first, then its kinds and items (admins' additions included). */
export function TaxonomyPicker({ nodes, value, onChange }: { nodes: TaxonomyNodeView[]; value: string; onChange: (code: string) => void }) {
  const family = value.split('.')[0]
  const kind = value.split('.').slice(0, 2).join('.')
  const families = nodes.filter((n) => n.level === 1)
  const kinds = nodes.filter((n) => n.level === 2 && n.parent === family)
  const items = nodes.filter((n) => n.level === 3 && n.parent === kind)
  return (
    <View className='taxonomy-picker'>
      <Chips options={families.map((n) => ({ value: n.code, label: n.label }))} value={family || null} onChange={(code) => onChange(code)} />
      {kinds.length > 0 && (
        <View className='taxonomy-picker__level'>
          <Chips options={kinds.map((n) => ({ value: n.code, label: n.label }))} value={kind.includes('.') ? kind : null} onChange={(code) => onChange(code)} />
        </View>
      )}
      {items.length > 0 && (
        <View className='taxonomy-picker__level'>
          <Chips
            options={items.map((n) => ({ value: n.code, label: n.label }))}
            value={value.split('.').length === 3 ? value : null}
            onChange={(code) => onChange(code)}
          />
        </View>
      )}
    </View>
  )
}

export function formatTime(iso: string, dateOnly = false): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString()
  return dateOnly ? d.slice(0, 10) : d.slice(0, 16).replace('T', ' ')
}
