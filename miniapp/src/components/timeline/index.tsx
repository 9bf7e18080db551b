import { CLOSURE_LABELS, PROGRESS_KIND_LABELS } from '@jqtb/shared/src/tasks/constants'
import type { TimelineEntry } from '@jqtb/shared/src/tasks/dto'
import { Image, Text, View } from '@tarojs/components'
import { getPlatform } from '../../platform'
import { formatDateTime } from '../../utils/time'
import './index.scss'

const TONE: Partial<Record<TimelineEntry['type'], string>> = {
  accepted: 'green',
  returned: 'red',
  bounced: 'amber',
  escalated: 'red',
  overdue_escalated: 'red',
  released: 'amber',
  claim_expired: 'amber',
  cancelled: 'grey',
  appeal_filed: 'amber',
}

/** A granted appeal gave points back (green); an upheld one changed nothing (grey). */
function toneOf(e: TimelineEntry): string {
  if (e.type === 'appeal_decided') return e.data.decision === 'granted' ? 'green' : 'grey'
  return TONE[e.type] ?? 'blue'
}

/** The task's event log, newest first: who did what when, with notes, photos, location and rating. */
export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  const newestFirst = [...entries].sort((a, b) => b.seq - a.seq)
  return (
    <View className='timeline'>
      {newestFirst.map((e, i) => (
        <View key={e.seq} className={`timeline__entry timeline__entry--${toneOf(e)}${i === 0 ? ' timeline__entry--latest' : ''}`}>
          <View className='timeline__dot' />
          <View className='timeline__content'>
            <View className='timeline__head'>
              <Text className='timeline__label'>
                {e.label}
                {e.data.kind && e.type === 'progress' && !e.label.includes(PROGRESS_KIND_LABELS[e.data.kind]) ? ` · ${PROGRESS_KIND_LABELS[e.data.kind]}` : ''}
              </Text>
              <Text className='faint'>{formatDateTime(e.at)}</Text>
            </View>
            <Text className='timeline__actor'>{e.actor.name}</Text>
            {e.note && <Text className='timeline__note'>{e.note}</Text>}
            {typeof e.data.rating === 'number' && (
              <Text className='timeline__rating'>
                {'★'.repeat(e.data.rating)}
                {'☆'.repeat(5 - e.data.rating)}
                {e.data.closureCode ? `  ${CLOSURE_LABELS[e.data.closureCode]}` : ''}
              </Text>
            )}
            {e.data.photos && e.data.photos.length > 0 && (
              <View className='timeline__photos'>
                {e.data.photos.map((p) => (
                  <Image
                    key={p.id}
                    className='timeline__photo'
                    src={p.url}
                    nativeProps={{ alt: `${e.label}照片（点击查看大图）` }}
                    mode='aspectFill'
                    onClick={() =>
                      getPlatform().previewImages(
                        e.data.photos!.map((x) => x.url),
                        p.url,
                      )
                    }
                  />
                ))}
              </View>
            )}
            {e.data.location && (
              <Text className={`timeline__location${e.data.location.outsideTerritory ? ' timeline__location--outside' : ''}`}>
                定位 {e.data.location.lat.toFixed(5)}, {e.data.location.lng.toFixed(5)}（精度 ±{Math.round(e.data.location.accuracy)} 米）
                {e.data.location.outsideTerritory
                  ? ` · 不在工单属地范围内${e.data.location.distanceM ? `（约 ${Math.round(e.data.location.distanceM)} 米）` : ''}`
                  : ''}
              </Text>
            )}
          </View>
        </View>
      ))}
    </View>
  )
}
