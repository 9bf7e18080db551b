import type { RulePreviewView } from '@jqtb/shared/src/points/dto'
import { checkRuleSet, diffRuleSets } from '@jqtb/shared/src/points/form'
import type { RuleSet } from '@jqtb/shared/src/points/rules'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ActionButton } from '../../components/action-button'
import { PageShell } from '../../components/page-shell'
import { ErrorState, Loading } from '../../components/states'
import { useAction } from '../../hooks/useAction'
import { useLoad } from '../../hooks/useLoad'
import { ApiError } from '../../services/http'
import { previewRules, publishRules, type RulesOverviewWithRevision, rulesOverview, saveRulesDraft } from '../../services/points'
import { formatDateTime } from '../../utils/time'
import { POINTS_PAGES } from '../points/parts'
import { PreviewCard } from './preview'
import { PublishSheet } from './publish-sheet'
import { RuleForm } from './rule-form'
import '../points/parts.scss'
import './index.scss'
import { AS_LINK } from '../../components/a11y'

function VersionLine({ overview }: { overview: RulesOverviewWithRevision }) {
  const { inForce, latest } = overview
  return (
    <View className='card rule-version'>
      <Text>
        现行规则：第 {inForce.version} 版 · {formatDateTime(inForce.effectiveFrom)} 起生效
      </Text>
      {latest.scheduled && (
        <Text className='rule-version__scheduled'>
          第 {latest.version} 版将于 {formatDateTime(latest.effectiveFrom)} 生效
        </Text>
      )}
      <Text className='points-link' {...AS_LINK} onClick={() => void Taro.navigateTo({ url: POINTS_PAGES.history })}>
        版本历史 ›
      </Text>
    </View>
  )
}

/** What every worker sees: the rules in plain sentences. */
function ReadOnly({ overview }: { overview: RulesOverviewWithRevision }) {
  return (
    <View className='rules'>
      <VersionLine overview={overview} />
      <View className='card rule-summary'>
        {overview.inForce.summary.map((line) => (
          <Text key={line} className='rule-summary__line'>
            {line}
          </Text>
        ))}
      </View>
      <Text className='faint rules__foot'>对扣分有异议，可在「我的积分」中对该条扣分提出申诉。</Text>
    </View>
  )
}

/** Field messages from a 400: `rules.timeliness.overduePerDay` → `timeliness.overduePerDay`. */
function serverFieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError) || e.status !== 400) return {}
  const fields = (e.details as { fields?: Array<{ path: string; message: string }> } | undefined)?.fields ?? []
  return Object.fromEntries(fields.filter((f) => f.path.startsWith('rules.')).map((f) => [f.path.slice('rules.'.length), f.message]))
}

function Editor({ overview, onPublished }: { overview: RulesOverviewWithRevision; onPublished: () => void }) {
  const latest = overview.latest
  const [rules, setRules] = useState<RuleSet>(overview.draft?.rules ?? latest.rules)
  const [revision, setRevision] = useState(overview.draftRevision)
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({})
  const [preview, setPreview] = useState<RulePreviewView | null>(null)
  const [publishing, setPublishing] = useState(false)
  const localErrors = checkRuleSet(rules)
  const errors = { ...serverErrors, ...localErrors }
  const invalid = Object.keys(localErrors).length > 0
  const changes = diffRuleSets(latest.rules, rules)

  const change = (next: RuleSet) => {
    setRules(next)
    setServerErrors({})
    setPreview(null)
  }
  const guard =
    <T,>(call: () => Promise<T>) =>
    async () => {
      if (invalid) throw new Error(`请先改正：${Object.values(localErrors)[0]}`)
      try {
        return await call()
      } catch (e) {
        setServerErrors(serverFieldErrors(e))
        throw e
      }
    }
  const save = useAction(
    guard(async () => {
      const draft = await saveRulesDraft(revision, rules)
      setRevision(draft.revision)
      return draft
    }),
    { success: '草稿已保存' },
  )
  const runPreview = useAction(
    guard(async () => {
      const p = await previewRules(rules)
      setPreview(p)
      return p
    }),
  )
  const publish = useAction(
    async (effectiveFrom: string | undefined, note: string) => {
      const v = await publishRules(latest.version, rules, effectiveFrom, note || undefined)
      setPublishing(false)
      onPublished()
      return v
    },
    { success: (v) => `已发布第 ${v.version} 版` },
  )

  return (
    <View className='rules with-bottom-bar'>
      <VersionLine overview={overview} />
      <View className='card rule-changes'>
        <Text className='rule-section__title'>{changes.length === 0 ? '与现行版本相同' : `相对第 ${latest.version} 版修改了 ${changes.length} 项`}</Text>
        {changes.map((c) => (
          <Text key={c.path} className='rule-changes__line'>
            {c.label}：{c.from} → {c.to}
          </Text>
        ))}
        {overview.draft && revision === overview.draftRevision && (
          <Text className='faint'>
            草稿由{overview.draft.savedBy.name}保存于 {formatDateTime(overview.draft.savedAt)}
          </Text>
        )}
      </View>
      <RuleForm rules={rules} onChange={change} errors={errors} />
      {preview && <PreviewCard preview={preview} />}
      <View className='bottom-bar'>
        <View className='bottom-bar__inner'>
          <ActionButton busy={save.busy} onClick={() => void save.run()}>
            保存草稿
          </ActionButton>
          <ActionButton kind='ghost' busy={runPreview.busy} onClick={() => void runPreview.run()}>
            预览影响
          </ActionButton>
          <ActionButton
            kind='primary'
            disabled={changes.length === 0}
            onClick={() => {
              if (invalid) void Taro.showToast({ title: `请先改正：${Object.values(localErrors)[0]}`, icon: 'none' })
              else setPublishing(true)
            }}
          >
            发布
          </ActionButton>
        </View>
      </View>
      <PublishSheet
        open={publishing}
        version={latest.version + 1}
        changes={changes.length}
        busy={publish.busy}
        error={publish.error}
        onClose={() => setPublishing(false)}
        onPublish={(when, note) => void publish.run(when, note)}
      />
    </View>
  )
}

function Rules() {
  const { data, error, loading, reload } = useLoad(rulesOverview)
  if (loading && !data) return <Loading />
  if (error && !data) return <ErrorState message={error} onRetry={() => void reload()} />
  if (!data) return null
  if (!data.canEdit) return <ReadOnly overview={data} />
  // a new editor after each publication: it starts from the version just published
  return <Editor key={`${data.latest.version}`} overview={data} onPublished={() => void reload()} />
}

export default function RulesPage() {
  return (
    <PageShell>
      <Rules />
    </PageShell>
  )
}
