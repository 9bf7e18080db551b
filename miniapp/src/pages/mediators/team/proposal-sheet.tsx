// 推荐攻坚小组: the engine's team for the task, slot by slot, every pick and exclusion explained; swap anyone for
// the next best, then confirm (the members are invited).
import { DIALECTS } from '@jqtb/shared/src/mediators/constants'
import type { CandidateView, TeamProposalView } from '@jqtb/shared/src/mediators/dto'
import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { AS_BUTTON } from '../../../components/a11y'
import { ActionButton } from '../../../components/action-button'
import { Chips } from '../../../components/form-fields'
import { Sheet } from '../../../components/sheet'
import { ErrorState, Loading } from '../../../components/states'
import { useAction } from '../../../hooks/useAction'
import { confirmTeam, getProposal } from '../../../services/mediators'
import { CandidateRow, uuid } from '../parts'

type Choice = Record<string, string[]>

const initialChoice = (p: TeamProposalView): Choice => Object.fromEntries(p.slots.map((s) => [s.key, s.picks.map((c) => c.id)]))

function Slot({ slot, chosen, onChange }: { slot: TeamProposalView['slots'][number]; chosen: string[]; onChange: (ids: string[]) => void }) {
  const [showExcluded, setShowExcluded] = useState(false)
  const [swapping, setSwapping] = useState<string | null>(null)
  const everyone = [...slot.picks, ...slot.alternatives]
  const byId = new Map(everyone.map((c) => [c.id, c]))
  const chosenViews = chosen.map((id) => byId.get(id)).filter((c): c is CandidateView => !!c)
  const others = everyone.filter((c) => !chosen.includes(c.id))
  return (
    <View className='slot'>
      <View className='slot__head'>
        <Text className='slot__label'>{slot.label}</Text>
        <Text className='med-muted'>
          需 {slot.count} 人 · 库中 {slot.pool.total} 人{slot.pool.excluded ? `，排除 ${slot.pool.excluded} 人` : ''}
        </Text>
      </View>
      {slot.shortfall && <Text className='slot__short'>{slot.shortfall}</Text>}
      {chosenViews.map((c) => (
        <View key={c.id}>
          <CandidateRow c={c} chosen />
          {others.length > 0 && (
            <Text className='slot__toggle' {...AS_BUTTON} onClick={() => setSwapping((s) => (s === c.id ? null : c.id))}>
              {swapping === c.id ? '收起备选' : `换人（备选 ${others.length} 人）`}
            </Text>
          )}
          {swapping === c.id &&
            others.map((o) => (
              <CandidateRow
                key={o.id}
                c={o}
                onChoose={() => {
                  onChange(chosen.map((id) => (id === c.id ? o.id : id)))
                  setSwapping(null)
                }}
              />
            ))}
        </View>
      ))}
      {chosenViews.length < slot.count && others.length > 0 && (
        <CandidateRow c={others[0]} onChoose={() => onChange([...chosen, others[0].id])} label='补上此人' />
      )}
      {slot.excluded.length > 0 && (
        <>
          <Text className='slot__toggle' {...AS_BUTTON} onClick={() => setShowExcluded((s) => !s)}>
            {showExcluded ? '收起排除名单' : `查看被排除的 ${slot.excluded.length} 人及原因`}
          </Text>
          {showExcluded && slot.excluded.map((c) => <CandidateRow key={c.id} c={c} />)}
        </>
      )}
    </View>
  )
}

export function ProposalSheet({ taskId, open, onClose, onConfirmed }: { taskId: string; open: boolean; onClose: () => void; onConfirmed: () => void }) {
  const [dialect, setDialect] = useState('')
  const [proposal, setProposal] = useState<TeamProposalView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [choice, setChoice] = useState<Choice>({})
  const [requestId] = useState(uuid)
  const load = async () => {
    setError(null)
    try {
      const p = await getProposal(taskId, dialect || undefined)
      setProposal(p)
      setChoice(initialChoice(p))
    } catch (e) {
      setError((e as Error).message)
    }
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when opened or the dialect changes
  useEffect(() => {
    if (open) void load()
  }, [open, dialect])
  const members = Object.entries(choice).flatMap(([slotKey, ids]) => ids.map((mediatorId) => ({ slotKey, mediatorId })))
  const confirm = useAction(() => confirmTeam(taskId, { requestId, dialect: dialect || undefined, members }), {
    success: '已组建，正在邀请成员',
    onError: () => void load(),
  })
  return (
    <Sheet
      title='推荐攻坚小组'
      open={open}
      onClose={onClose}
      footer={
        <ActionButton
          kind='primary'
          block
          busy={confirm.busy}
          disabled={!proposal || members.length < 2}
          onClick={() => void confirm.run().then((r) => r && onConfirmed())}
        >
          {`确认并邀请（${members.length} 人）`}
        </ActionButton>
      }
    >
      <View className='proposal'>
        <Text className='med-muted'>当事人乡音（选填，会说的人优先）</Text>
        <Chips options={[{ value: '', label: '不限' }, ...DIALECTS.map((d) => ({ value: d, label: d }))]} value={dialect} onChange={setDialect} />
        {error && <ErrorState message={error} onRetry={() => void load()} />}
        {confirm.error && <Text className='slot__short'>{confirm.error}</Text>}
        {!proposal && !error && <Loading text='正在推荐…' />}
        {proposal && (
          <>
            <Text className='med-note proposal__rule'>
              {`构成规则：${proposal.rule.description}`}
              {proposal.rule.note ? `\n${proposal.rule.note}` : ''}
            </Text>
            {proposal.preferred && (
              <Text className='med-note'>
                {proposal.preferred.message}
                {proposal.preferred.reasons.length ? `：${proposal.preferred.reasons.join('；')}` : ''}
              </Text>
            )}
            {proposal.slots.map((s) => (
              <Slot key={s.key} slot={s} chosen={choice[s.key] ?? []} onChange={(ids) => setChoice((c) => ({ ...c, [s.key]: ids }))} />
            ))}
            <Text className='med-muted'>点人名查看每一项加分；被排除者的原因按您的权限显示（申报的亲属、同户、雇佣关系详情仅管理员可见）。</Text>
          </>
        )}
      </View>
    </Sheet>
  )
}
