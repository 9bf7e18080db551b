// 预警规则: everyone reads the rules in force in sentences; the admin edits a draft in a Chinese form,
// previews the last 90 days under it (which cases change colour, and why), and publishes a version.
import type { RiskPreviewView, RiskRulesOverview } from '@jqtb/shared/src/risk/dto'
import { checkRiskRules, diffRiskRules } from '@jqtb/shared/src/risk/form'
import type { RiskRuleSet } from '@jqtb/shared/src/risk/rules'
import { Text, View } from '@tarojs/components'
import { PageShell } from '../../../components/page-shell'
import { PageTitle } from '../../../components/page-title'
import { RulesEditor, type RulesEditorApi } from '../../../components/rules-editor'
import { ErrorState, Loading } from '../../../components/states'
import { useLoad } from '../../../hooks/useLoad'
import { previewRiskRules, publishRiskRules, riskRulesOverview, saveRiskDraft, taskSettings } from '../../../services/risk'
import { formatDateTime } from '../../../utils/time'
import { ClaimModesCard } from './claim-modes'
import { RiskPreviewCard } from './preview'
import { RiskRuleForm } from './rule-form'
import '../../points/parts.scss'
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

const RISK_RULES: RulesEditorApi<RiskRuleSet, RiskPreviewView> = {
  check: checkRiskRules,
  diff: diffRiskRules,
  saveDraft: saveRiskDraft,
  preview: previewRiskRules,
  publish: publishRiskRules,
}

function Editor({ overview, onPublished }: { overview: RiskRulesOverview; onPublished: () => void }) {
  const settings = useLoad(taskSettings)
  return (
    <RulesEditor
      overview={overview}
      api={RISK_RULES}
      onPublished={onPublished}
      head={
        <>
          <PageTitle>预警规则设置</PageTitle>
          <VersionLine overview={overview} />
        </>
      }
      form={(rules, onChange, errors) => <RiskRuleForm rules={rules} onChange={onChange} errors={errors} />}
      previewCard={(preview) => <RiskPreviewCard preview={preview} />}
      previewId='risk-preview'
      previewFirst
      extra={settings.data && <ClaimModesCard view={settings.data} onSaved={(v) => settings.setData(v)} />}
    />
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
