// 预警规则: everyone reads the rules in force in sentences; the admin edits a draft in a Chinese form,
// previews the last 90 days under it (which cases change colour, and why), and publishes a version.
import type { RiskPreviewView, RiskRulesOverview } from '@jqtb/shared/src/risk/dto'
import { checkRiskRules, diffRiskRules } from '@jqtb/shared/src/risk/form'
import type { RiskRuleSet } from '@jqtb/shared/src/risk/rules'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ActionButton } from '../../../components/action-button'
import { PageShell } from '../../../components/page-shell'
import { PageTitle } from '../../../components/page-title'
import { ErrorState, Loading } from '../../../components/states'
import { useAction } from '../../../hooks/useAction'
import { useLoad } from '../../../hooks/useLoad'
import { ApiError } from '../../../services/http'
import { previewRiskRules, publishRiskRules, riskRulesOverview, saveRiskDraft, taskSettings } from '../../../services/risk'
import { formatDateTime } from '../../../utils/time'
import { PublishSheet } from '../../rules/publish-sheet'
import { ClaimModesCard } from './claim-modes'
import { RiskPreviewCard } from './preview'
import { RiskRuleForm } from './rule-form'
import '../../points/parts.scss'
import '../../rules/index.scss'
import './index.scss'

function VersionLine({ overview }: { overview: RiskRulesOverview }) {
  const { inForce, latest } = overview
  return (
    <View className='card rule-version'>
      <Text>
        现行预警规则：第 {inForce.version} 版 · {formatDateTime(inForce.effectiveFrom)} 起生效
      </Text>
      {latest.scheduled && (
        <Text className='rule-version__scheduled'>
          第 {latest.version} 版将于 {formatDateTime(latest.effectiveFrom)} 生效
        </Text>
      )}
    </View>
  )
}

function ReadOnly({ overview }: { overview: RiskRulesOverview }) {
  return (
    <View className='rules'>
      <PageTitle>预警规则</PageTitle>
      <VersionLine overview={overview} />
      <View className='card rule-summary'>
        {overview.inForce.summary.map((line) => (
          <Text key={line} className='rule-summary__line'>
            {line}
          </Text>
        ))}
      </View>
      <Text className='faint rules__foot'>每件工单的「为什么是红色」卡片列出它的每一项得分。</Text>
    </View>
  )
}

/** Field messages from a 400: `rules.thresholds.red` → `thresholds.red`. */
function serverFieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError) || e.status !== 400) return {}
  const fields = (e.details as { fields?: Array<{ path: string; message: string }> } | undefined)?.fields ?? []
  return Object.fromEntries(fields.filter((f) => f.path.startsWith('rules.')).map((f) => [f.path.slice('rules.'.length), f.message]))
}

function Editor({ overview, onPublished }: { overview: RiskRulesOverview; onPublished: () => void }) {
  const latest = overview.latest
  const [rules, setRules] = useState<RiskRuleSet>(overview.draft?.rules ?? latest.rules)
  const [revision, setRevision] = useState(overview.draftRevision)
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({})
  const [preview, setPreview] = useState<RiskPreviewView | null>(null)
  const [publishing, setPublishing] = useState(false)
  const settings = useLoad(taskSettings)
  const localErrors = checkRiskRules(rules)
  const errors = { ...serverErrors, ...localErrors }
  const invalid = Object.keys(localErrors).length > 0
  const changes = diffRiskRules(latest.rules, rules)

  const change = (next: RiskRuleSet) => {
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
      const draft = await saveRiskDraft(revision, rules)
      setRevision(draft.revision)
      return draft
    }),
    { success: '草稿已保存' },
  )
  const runPreview = useAction(
    guard(async () => {
      const p = await previewRiskRules(rules)
      setPreview(p)
      setTimeout(() => void Taro.pageScrollTo({ selector: '#risk-preview', duration: 200 }), 50)
      return p
    }),
  )
  const publish = useAction(
    async (effectiveFrom: string | undefined, note: string) => {
      const v = await publishRiskRules(latest.version, rules, effectiveFrom, note || undefined)
      setPublishing(false)
      onPublished()
      return v
    },
    { success: (v) => `已发布第 ${v.version} 版` },
  )

  return (
    <View className='rules with-bottom-bar'>
      <PageTitle>预警规则设置</PageTitle>
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
      {preview && <RiskPreviewCard preview={preview} />}
      <RiskRuleForm rules={rules} onChange={change} errors={errors} />
      {settings.data && <ClaimModesCard view={settings.data} onSaved={(v) => settings.setData(v)} />}
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

function RiskRules() {
  const { data, error, loading, reload } = useLoad(riskRulesOverview)
  if (loading && !data) return <Loading />
  if (error && !data) return <ErrorState message={error} onRetry={() => void reload()} />
  if (!data) return null
  if (!data.canEdit) return <ReadOnly overview={data} />
  return <Editor key={`${data.latest.version}`} overview={data} onPublished={() => void reload()} />
}

export default function RiskRulesPage() {
  return (
    <PageShell>
      <RiskRules />
    </PageShell>
  )
}
