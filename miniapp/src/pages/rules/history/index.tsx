import type { RuleVersionView } from '@jqtb/shared/src/points/dto'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { PageShell } from '../../../components/page-shell'
import { ErrorState, Loading } from '../../../components/states'
import { useLoad } from '../../../hooks/useLoad'
import { ruleVersions } from '../../../services/points'
import { formatDateTime } from '../../../utils/time'
import '../../points/parts.scss'
import './index.scss'
import { AS_LINK } from '../../../components/a11y'

function Version({ v }: { v: RuleVersionView }) {
  const [open, setOpen] = useState(false)
  return (
    <View className='card rule-history__item'>
      <View className='rule-history__head'>
        <Text className='rule-history__no'>第 {v.version} 版</Text>
        {v.inForce && <Text className='tag tag--green'>现行</Text>}
        {v.scheduled && <Text className='tag tag--amber'>待生效</Text>}
      </View>
      <Text className='muted'>
        {formatDateTime(v.effectiveFrom)} 起生效 · {v.publishedBy.name} 发布于 {formatDateTime(v.publishedAt)}
      </Text>
      {v.note && <Text>{v.note}</Text>}
      {v.changes.map((c) => (
        <Text key={c.path} className='rule-history__change'>
          {c.label}：{c.from} → {c.to}
        </Text>
      ))}
      <Text className='points-link' {...AS_LINK} onClick={() => setOpen(!open)}>
        {open ? '收起' : '查看本版全部规则'}
      </Text>
      {open &&
        v.summary.map((line) => (
          <Text key={line} className='rule-history__line'>
            {line}
          </Text>
        ))}
    </View>
  )
}

function History() {
  const { data, error, loading, reload } = useLoad(ruleVersions)
  if (loading && !data) return <Loading />
  if (error && !data) return <ErrorState message={error} onRetry={() => void reload()} />
  return (
    <View className='rule-history'>
      <Text className='faint rule-history__intro'>每一版发布后都不再修改；每条积分记录都注明按哪一版计算。</Text>
      {data?.items.map((v) => (
        <Version key={v.version} v={v} />
      ))}
    </View>
  )
}

export default function RuleHistoryPage() {
  return (
    <PageShell>
      <History />
    </PageShell>
  )
}
