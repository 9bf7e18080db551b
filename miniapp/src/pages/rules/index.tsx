import type { RulePreviewView } from '@jqtb/shared/src/points/dto'
import { checkRuleSet, diffRuleSets } from '@jqtb/shared/src/points/form'
import type { RuleSet } from '@jqtb/shared/src/points/rules'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { PageShell } from '../../components/page-shell'
import { RulesEditor, type RulesEditorApi } from '../../components/rules-editor'
import { ErrorState, Loading } from '../../components/states'
import { useLoad } from '../../hooks/useLoad'
import { previewRules, publishRules, type RulesOverviewWithRevision, rulesOverview, saveRulesDraft } from '../../services/points'
import { formatDateTime } from '../../utils/time'
import { POINTS_PAGES } from '../points/parts'
import { PreviewCard } from './preview'
import { RuleForm } from './rule-form'
import '../points/parts.scss'
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

const POINTS_RULES: RulesEditorApi<RuleSet, RulePreviewView> = {
  check: checkRuleSet,
  diff: diffRuleSets,
  saveDraft: saveRulesDraft,
  preview: (rules) => previewRules(rules),
  publish: publishRules,
}

function Editor({ overview, onPublished }: { overview: RulesOverviewWithRevision; onPublished: () => void }) {
  return (
    <RulesEditor
      overview={overview}
      api={POINTS_RULES}
      onPublished={onPublished}
      head={<VersionLine overview={overview} />}
      form={(rules, onChange, errors) => <RuleForm rules={rules} onChange={onChange} errors={errors} />}
      previewCard={(preview) => <PreviewCard preview={preview} />}
    />
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
