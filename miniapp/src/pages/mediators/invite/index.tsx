// 攻坚小组邀请: what a DingTalk work notice opens (?team=…): the dispute, the seat, who else is on the team,
// 接受 or 婉拒 with a reason. Without ?team, my invitations and teams.
import type { InvitationView } from '@jqtb/shared/src/mediators/dto'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { FOCUSABLE } from '../../../components/a11y'
import { ActionButton } from '../../../components/action-button'
import { Field, TextArea } from '../../../components/form-fields'
import { PageShell } from '../../../components/page-shell'
import { EmptyState, ErrorState, Loading } from '../../../components/states'
import { useAction } from '../../../hooks/useAction'
import { useLoad } from '../../../hooks/useLoad'
import { answerInvitation, getInvitation, MEDIATOR_PAGES, myInvitations } from '../../../services/mediators'
import { formatDateTime } from '../../../utils/time'
import { go, Row, teamUrl } from '../parts'
import '../parts.scss'
import '../team/index.scss'

function Invitation({ teamId }: { teamId: string }) {
  const { data: v, error, loading, reload } = useLoad(() => getInvitation(teamId), teamId)
  const [declining, setDeclining] = useState(false)
  const [reason, setReason] = useState('')
  const accept = useAction(() => answerInvitation(teamId, { answer: 'accept' }), { success: '已接受邀请' })
  const decline = useAction(() => answerInvitation(teamId, { answer: 'decline', reason: reason.trim() }), { success: '已婉拒' })
  if (!v && loading) return <Loading />
  if (!v)
    return (
      <View className='med-page'>
        <ErrorState message={error ?? '邀请不存在'} onRetry={() => void reload()} />
        <View className='med-actions'>
          <ActionButton onClick={() => void Taro.redirectTo({ url: MEDIATOR_PAGES.invite })}>查看我的调解邀请</ActionButton>
        </View>
      </View>
    )
  return (
    <View className='med-page'>
      <View className={`card team-page__head team-page__head--${v.riskColour}`}>
        <Text className='med-title'>{v.title}</Text>
        <Text className='med-muted'>{`${v.taskNo} · ${v.categoryLabel} · ${v.riskLabel}`}</Text>
      </View>
      <View className='card'>
        <Row label='属地'>
          <Text>{v.territoryName}</Text>
        </Row>
        <Row label='当事人'>
          <Text>{v.parties.join('、') || '—'}</Text>
        </Row>
        <Row label='您的席位'>
          <Text>{v.slotLabel}</Text>
        </Row>
        <Row label='邀请人'>
          <Text>{`${v.proposer.name}（${formatDateTime(v.invitedAt)}）`}</Text>
        </Row>
        <Row label='推荐理由'>
          <Text>{v.summary || '—'}</Text>
        </Row>
        <Row label='其他成员'>
          <Text>{v.others.map((o) => `${o.name}（${o.typeLabel}，${o.statusLabel}）`).join('、') || '—'}</Text>
        </Row>
        <Row label='状态'>
          <Text>{`${v.statusLabel} · 小组${v.teamStatusLabel}`}</Text>
        </Row>
      </View>
      {v.status === 'invited' && v.teamStatusLabel !== '已解散' && (
        <View className='card'>
          <Text className='med-muted'>如您与当事人有亲属、同户、雇佣等利害关系，请婉拒并说明，以便回避。</Text>
          {declining ? (
            <>
              <Field label='婉拒原因' required error={decline.error}>
                <TextArea value={reason} onChange={setReason} placeholder='例如：本周外出培训' maxLength={200} />
              </Field>
              <View className='med-actions med-actions--inline'>
                <ActionButton onClick={() => setDeclining(false)}>返回</ActionButton>
                <ActionButton
                  kind='danger'
                  busy={decline.busy}
                  disabled={reason.trim().length < 2}
                  onClick={() => void decline.run().then((r) => r && reload())}
                >
                  确认婉拒
                </ActionButton>
              </View>
            </>
          ) : (
            <View className='med-actions med-actions--inline'>
              <ActionButton kind='primary' busy={accept.busy} onClick={() => void accept.run().then((r) => r && reload())}>
                接受邀请
              </ActionButton>
              <ActionButton kind='danger' onClick={() => setDeclining(true)}>
                婉拒
              </ActionButton>
            </View>
          )}
        </View>
      )}
      <View className='med-actions'>
        <ActionButton kind='ghost' onClick={() => go(teamUrl(v.taskId))}>
          查看攻坚小组
        </ActionButton>
      </View>
    </View>
  )
}

function Mine() {
  const { data, error, loading, reload } = useLoad(() => myInvitations())
  if (!data && loading) return <Loading />
  if (!data) return <ErrorState message={error ?? '加载失败'} onRetry={() => void reload()} />
  if (!data.items.length) return <EmptyState title='暂无攻坚小组邀请' hint='被邀请加入攻坚小组时，会收到工作通知或短信。' />
  return (
    <View className='med-page'>
      {data.items.map((v: InvitationView) => (
        <View key={v.teamId} className='card' role='link' {...FOCUSABLE} onClick={() => go(`${MEDIATOR_PAGES.invite}?team=${encodeURIComponent(v.teamId)}`)}>
          <Text className='med-title'>{v.title}</Text>
          <Text className='med-muted'>{`${v.taskNo} · ${v.categoryLabel} · ${v.slotLabel}`}</Text>
          <Text>{`${v.statusLabel} · 小组${v.teamStatusLabel}`}</Text>
        </View>
      ))}
    </View>
  )
}

export default function InvitePage() {
  const { team } = useRouter().params
  return <PageShell>{team ? <Invitation teamId={decodeURIComponent(team)} /> : <Mine />}</PageShell>
}
