import type { IntakeRecordDetailView } from '@jqtb/shared/src/intake'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { PageShell } from '../../../components/page-shell'
import { ErrorState, Loading } from '../../../components/states'
import { useLoad } from '../../../hooks/useLoad'
import { getRecord } from '../../../services/intake'
import { CategoryLine, formatTime, TerritoryLine } from '../parts'
import './index.scss'

function Kv({ k, v }: { k: string; v: string | null | undefined }) {
  if (v === null || v === undefined || v === '') return null
  return (
    <View className='kv'>
      <Text className='kv__k'>{k}</Text>
      <Text className='kv__v'>{v}</Text>
    </View>
  )
}

/** One channel record: what cleaning made of it (with how sure), what the channel sent, its versions. */
function Record({ r }: { r: IntakeRecordDetailView }) {
  return (
    <View>
      <Text className='page-title'>{r.title}</Text>
      <View className='card'>
        <Kv k='渠道' v={r.channelLabel} />
        <Kv k={r.sourceIdLabel} v={r.sourceId} />
        <Kv k='登记时间' v={formatTime(r.reportedAt, r.dateOnly)} />
        <Kv k='事发时间' v={r.occurredAt !== r.reportedAt ? formatTime(r.occurredAt) : null} />
        <Kv k='办理时限' v={r.dueAt ? formatTime(r.dueAt) : null} />
        <Kv k='进入方式' v={`${r.viaLabel}，${formatTime(r.receivedAt)}`} />
        <Kv k='版本' v={r.version > 1 ? `第 ${r.version} 版（来源记录更新过）` : '第 1 版'} />
      </View>

      <View className='section-title'>清洗结果</View>
      <View className='card'>
        <TerritoryLine t={r.territory} />
        <Text className='faint'>
          地址「{r.address || '（空）'}」识别为：{r.territory.matched}
        </Text>
        {!r.territory.confident && r.territory.candidates.length > 0 && (
          <View className='record-candidates'>
            <Text className='muted'>可能的属地</Text>
            {r.territory.candidates.map((c) => (
              <View key={c.code} className='record-candidates__item'>
                <Text>{c.name}</Text>
                <Text className='faint'>{c.why}</Text>
              </View>
            ))}
          </View>
        )}
        <CategoryLine c={r.category} />
        <Text className='faint'>
          渠道分类「{r.category.raw || '（空）'}」· {r.category.viaLabel}
        </Text>
        <View className='intake-line'>
          <Text className='muted'>性质</Text>
          <Text className='intake-line__value'>{r.police ? '警务（涉警）' : '非警务'}</Text>
          <Text className='faint'>{r.policeVia}</Text>
        </View>
      </View>

      <View className='section-title'>诉求</View>
      <View className='card'>
        <Text>{r.content}</Text>
      </View>

      {r.parties.length > 0 && (
        <>
          <View className='section-title'>当事人（号码已脱敏）</View>
          <View className='card'>
            {r.parties.map((p) => (
              <Kv key={`${p.role}-${p.name}`} k={p.role} v={[p.name, p.phone, p.idNo].filter(Boolean).join(' · ')} />
            ))}
          </View>
        </>
      )}

      {r.extra.length > 0 && (
        <View className='card'>
          {r.extra.map((e) => (
            <Kv key={e.label} k={e.label} v={e.value} />
          ))}
        </View>
      )}

      {r.warnings.length > 0 && (
        <>
          <View className='section-title'>清洗提示</View>
          <View className='card'>
            {r.warnings.map((w) => (
              <View key={`${w.field}-${w.reason}`} className='problem'>
                <Text className='problem__where'>
                  {w.column}
                  {w.value ? `：${w.value}` : ''}
                </Text>
                <Text className='problem__reason'>{w.reason}</Text>
              </View>
            ))}
          </View>
        </>
      )}

      <View className='section-title'>渠道原始字段</View>
      <View className='card'>
        {r.raw.map((f) => (
          <Kv key={f.column} k={f.column} v={f.value} />
        ))}
      </View>

      {r.versions.length > 1 && (
        <>
          <View className='section-title'>版本</View>
          <View className='card'>
            {r.versions.map((v) => (
              <View key={v.version} className='intake-line'>
                <Text className='intake-line__value'>
                  第 {v.version} 版 · {formatTime(v.receivedAt)} · {v.viaLabel}
                </Text>
                {v.current && <Text className='tag tag--green'>当前</Text>}
              </View>
            ))}
          </View>
        </>
      )}
    </View>
  )
}

export default function RecordPage() {
  const { params } = useRouter()
  const key = decodeURIComponent(params.key ?? '')
  const { data, error, reload } = useLoad(() => getRecord(key), key)
  return <PageShell>{error ? <ErrorState message={error} onRetry={() => void reload()} /> : data ? <Record r={data} /> : <Loading />}</PageShell>
}
