import type { IndexCardView, IndexComparisonView, IndexRowView, LiveTaskView } from '@jqtb/shared/src/indices/dto'
import type { IndexId } from '@jqtb/shared/src/indices/formulas'
import { Text, View } from '@tarojs/components'
import { AS_LINK } from '../../components/a11y'
import { openTask } from '../../shell/navigation'

const ARROW = { up: '▲', down: '▼', flat: '—' } as const

function Compare({ what, c }: { what: string; c: IndexComparisonView }) {
  const cmp = c.comparison
  return (
    <Text className={`dash-card__cmp dash-card__cmp--${cmp?.tone ?? 'neutral'}`}>
      {what} {cmp ? `${ARROW[cmp.arrow]} ${cmp.text}` : '—'}
    </Text>
  )
}

/** An index card: the value (opens the cases behind it), 环比 and 同比 with arrows coloured by which way is better. */
export function IndexCard({ card, onOpen }: { card: IndexCardView; onOpen?: () => void }) {
  const none = card.value === null
  return (
    <View className={`dash-card${none ? ' dash-card--none' : ''}`} {...(onOpen && !none ? { ...AS_LINK, onClick: onOpen } : {})} data-index={card.id}>
      <Text className='dash-card__label'>{card.label}</Text>
      <Text className='dash-card__value'>{card.display}</Text>
      {card.num !== undefined && card.den !== undefined && (
        <Text className='dash-card__frac'>
          {card.num} / {card.den}
        </Text>
      )}
      {!none && (
        <View className='dash-card__cmps'>
          <Compare what='环比' c={card.prev} />
          <Compare what='同比' c={card.yoy} />
        </View>
      )}
      {card.reason === 'no_source' && <Text className='dash-card__frac'>数据来源尚未接入</Text>}
    </View>
  )
}

/** A league table: rows sorted by the picked index (worst first where lower is better), each number opening its cases. */
export function League({
  title,
  rows,
  ids,
  labels,
  onOpen,
}: {
  title: string
  rows: IndexRowView[]
  ids: IndexId[]
  labels: Record<string, string>
  onOpen: (row: IndexRowView, id: IndexId) => void
}) {
  return (
    <View className='dash-panel'>
      <Text className='dash-panel__title'>{title}</Text>
      <View className='dash-table' role='table' aria-label={title}>
        <View className='dash-table__row dash-table__head' role='row'>
          <View className='dash-table__name' role='columnheader'>
            名称
          </View>
          {ids.map((id) => (
            <View key={id} className='dash-table__cell' role='columnheader'>
              {labels[id]}
            </View>
          ))}
        </View>
        {rows.map((r) => (
          <View key={r.code} className='dash-table__row' role='row'>
            <View className='dash-table__name' role='rowheader'>
              {r.name}
            </View>
            {ids.map((id) => (
              <View key={id} role='cell' className='dash-table__cell'>
                <Text
                  className={r.values[id] === null ? 'muted' : 'dash-link'}
                  {...(r.values[id] === null ? {} : { ...AS_LINK, onClick: () => onOpen(r, id) })}
                >
                  {r.displays[id] ?? '—'}
                </Text>
              </View>
            ))}
          </View>
        ))}
      </View>
    </View>
  )
}

/** A live list (red warnings, overdue): each row opens the task. */
export function LiveList({ title, total, items, empty }: { title: string; total: number; items: LiveTaskView[]; empty: string }) {
  return (
    <View className='dash-panel dash-live'>
      <Text className='dash-panel__title'>
        {title} <Text className='dash-live__total'>{total}</Text>
      </Text>
      {items.length === 0 && <Text className='muted'>{empty}</Text>}
      {items.map((t) => (
        <View key={t.id} className='dash-live__row' {...AS_LINK} onClick={() => openTask(t.id)}>
          <Text className={`dash-dot dash-dot--${t.riskColour}`} aria-hidden='true' />
          <View className='dash-live__what'>
            <Text className='dash-live__title'>{t.title}</Text>
            <Text className='dash-live__meta'>
              {t.taskNo} · {t.territoryName} · {t.departmentName ?? '未分拨'} · {t.stateLabel}
            </Text>
          </View>
          {t.overdueBy && <Text className='dash-live__late'>{t.overdueBy}</Text>}
        </View>
      ))}
    </View>
  )
}
