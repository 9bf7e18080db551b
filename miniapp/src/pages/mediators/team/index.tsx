// 多元化解: a task's 攻坚小组 — the citizen's preferred mediator, the proposal, the team and its answers, the
// mediation record (sessions, outcome, the 调解协议书, signed scans, 司法确认).
import type { TaskMediationView, TeamMemberView } from '@jqtb/shared/src/mediators/dto'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { AS_BUTTON, FOCUSABLE } from '../../../components/a11y'
import { ActionButton } from '../../../components/action-button'
import { Field, TextArea, TextInput } from '../../../components/form-fields'
import { PageShell } from '../../../components/page-shell'
import { PhotoPicker, type UploadedPhoto } from '../../../components/photo-picker'
import { Sheet } from '../../../components/sheet'
import { ErrorState, Loading } from '../../../components/states'
import { useAction } from '../../../hooks/useAction'
import { useLoad } from '../../../hooks/useLoad'
import { useRefreshOnShow } from '../../../hooks/useRefreshOnShow'
import {
  addScan,
  getReplacements,
  getTaskMediation,
  listMediators,
  MEDIATOR_PAGES,
  markJudicial,
  removeMember,
  replaceMember,
  setPreference,
} from '../../../services/mediators'
import { taskUrl } from '../../../shell/navigation'
import { formatDateTime } from '../../../utils/time'
import { CandidateRow, go, MemberRow, Row } from '../parts'
import { ProposalSheet } from './proposal-sheet'
import '../parts.scss'
import './index.scss'

/** Opens the .docx: a new tab in a browser, the platform's document viewer in the mini-program. */
function openDocument(url: string) {
  const full = `${BFF_BASE_URL}${url}`
  if (process.env.TARO_ENV === 'h5') window.open(full, '_blank')
  else void Taro.downloadFile({ url: full }).then((r) => Taro.openDocument({ filePath: r.tempFilePath, fileType: 'docx' }))
}

function Replace({
  view,
  member,
  onDone,
  onClose,
}: {
  view: TaskMediationView
  member: TeamMemberView
  onDone: (v: TaskMediationView) => void
  onClose: () => void
}) {
  const teamId = view.team?.id as string
  const { data, error, loading } = useLoad(() => getReplacements(teamId, member.mediatorId), member.mediatorId)
  const replace = useAction((id: string) => replaceMember(teamId, member.mediatorId, id), { success: '已更换，正在邀请替补' })
  return (
    <Sheet title={`更换${member.name}（${member.slotLabel}）`} open onClose={onClose}>
      {loading && <Loading text='正在推荐替补…' />}
      {error && <ErrorState message={error} />}
      {data?.shortfall && <Text className='slot__short'>{data.shortfall}</Text>}
      {replace.error && <Text className='slot__short'>{replace.error}</Text>}
      {data?.candidates.map((c, i) => (
        <CandidateRow
          key={c.id}
          c={c}
          chosen={i === 0}
          label={i === 0 ? '推荐：换成此人' : '换成此人'}
          onChoose={() => void replace.run(c.id).then((v) => v && onDone(v))}
        />
      ))}
      {data && data.excluded.length > 0 && <Text className='med-muted'>被排除：</Text>}
      {data?.excluded.map((c) => (
        <CandidateRow key={c.id} c={c} />
      ))}
    </Sheet>
  )
}

function Remove({
  view,
  member,
  onDone,
  onClose,
}: {
  view: TaskMediationView
  member: TeamMemberView
  onDone: (v: TaskMediationView) => void
  onClose: () => void
}) {
  const [reason, setReason] = useState('')
  const remove = useAction(() => removeMember(view.team?.id as string, member.mediatorId, reason.trim()), { success: '已移出' })
  return (
    <Sheet
      title={`移出${member.name}`}
      open
      onClose={onClose}
      footer={
        <ActionButton kind='danger' block busy={remove.busy} disabled={reason.trim().length < 2} onClick={() => void remove.run().then((v) => v && onDone(v))}>
          移出（席位减少一个）
        </ActionButton>
      }
    >
      <Field label='移出原因' required error={remove.error}>
        <TextArea value={reason} onChange={setReason} placeholder='例如：当事人已同意由两人调解' maxLength={200} />
      </Field>
    </Sheet>
  )
}

function Preference({ view, onDone }: { view: TaskMediationView; onDone: (v: TaskMediationView) => void }) {
  const [open, setOpen] = useState(false)
  const [q, setQ] = useState('')
  const [picked, setPicked] = useState<{ id: string; name: string } | null>(null)
  const [note, setNote] = useState('')
  const search = useLoad(() => (open ? listMediators({ q: q.trim() || undefined }) : Promise.resolve({ items: [], nextCursor: null })), `${open}:${q}`)
  const save = useAction(() => setPreference(view.task.id, picked?.id ?? null, note.trim() || undefined), { success: '已登记' })
  const clear = useAction(() => setPreference(view.task.id, null), { success: '已清除' })
  const p = view.preference
  if (!p && !view.canSetPreference) return null
  return (
    <View className='card'>
      <Text className='med-title'>当事人指定的调解员</Text>
      {p ? (
        <Text>
          {p.name}
          <Text className='med-muted'>{p.note ? `（${p.note}）` : ''}</Text>
        </Text>
      ) : (
        <Text className='med-muted'>当事人可点名信任的调解员；推荐时会保留此人，除非其有利害冲突。</Text>
      )}
      {view.canSetPreference && (
        <View className='med-actions med-actions--inline'>
          <ActionButton small onClick={() => setOpen(true)}>
            {p ? '更改' : '登记'}
          </ActionButton>
          {p && (
            <ActionButton small busy={clear.busy} onClick={() => void clear.run().then((v) => v && onDone(v))}>
              清除
            </ActionButton>
          )}
        </View>
      )}
      <Sheet
        title='登记当事人指定的调解员'
        open={open}
        onClose={() => setOpen(false)}
        footer={
          <ActionButton
            kind='primary'
            block
            busy={save.busy}
            disabled={!picked || note.trim().length < 2}
            onClick={() =>
              void save.run().then((v) => {
                if (!v) return
                onDone(v)
                setOpen(false)
              })
            }
          >
            保存
          </ActionButton>
        }
      >
        <Field label='搜索调解员'>
          <TextInput value={q} onChange={setQ} placeholder='姓名' />
        </Field>
        <View className='assignees'>
          {search.data?.items.map((m) => (
            <View
              key={m.id}
              className={`assignees__item${picked?.id === m.id ? ' assignees__item--on' : ''}`}
              role='radio'
              aria-checked={picked?.id === m.id ? 'true' : 'false'}
              {...FOCUSABLE}
              onClick={() => setPicked({ id: m.id, name: m.name })}
            >
              <View className='assignees__check'>{picked?.id === m.id ? '✓' : ''}</View>
              <View className='assignees__who'>
                <Text>{m.name}</Text>
                <Text className='med-muted'>{[m.typeLabel, ...m.orgNames].join(' · ')}</Text>
              </View>
            </View>
          ))}
        </View>
        <Field label='谁、何时提出' required error={save.error}>
          <TextInput value={note} onChange={setNote} placeholder='例如：申请人张丽 11月27日来电要求' maxLength={100} />
        </Field>
      </Sheet>
    </View>
  )
}

function Outcome({ view, onChanged }: { view: TaskMediationView; onChanged: (v: TaskMediationView) => void }) {
  const o = view.outcome
  const [scans, setScans] = useState<UploadedPhoto[]>([])
  const [busy, setBusy] = useState(false)
  const [court, setCourt] = useState('慈溪市人民法院')
  const [confirming, setConfirming] = useState(false)
  const teamId = view.team?.id as string
  const attach = useAction(
    async () => {
      let last: TaskMediationView | undefined
      for (const s of scans) last = await addScan(teamId, s.id)
      return last as TaskMediationView
    },
    { success: '扫描件已上传' },
  )
  const judicial = useAction(() => markJudicial(teamId, court.trim()), { success: '已标记司法确认' })
  if (!o) return null
  return (
    <View className='card'>
      <Text className='med-title'>调解结果：{o.outcomeLabel}</Text>
      <Row label='登记'>
        <Text>{`${o.by.name} · ${formatDateTime(o.recordedAt)} · 用时 ${o.durationLabel}`}</Text>
      </Row>
      <Text className='med-muted'>纠纷事实</Text>
      <Text className='terms__line'>{o.facts}</Text>
      {o.terms.length > 0 && (
        <View className='terms'>
          <Text className='med-muted'>协议内容</Text>
          {o.terms.map((t, i) => (
            <Text key={t} className='terms__line'>{`${i + 1}. ${t}`}</Text>
          ))}
          {o.performance && <Text className='terms__line'>{`履行：${o.performance}`}</Text>}
        </View>
      )}
      {o.guidedTo.length > 0 && (
        <Row label='已引导当事人'>
          <Text>{o.guidedTo.map((g) => g.label).join('、')}</Text>
        </Row>
      )}
      {o.judicialConfirmation && (
        <Row label='司法确认'>
          <Text>{`${o.judicialConfirmation.court}（${formatDateTime(o.judicialConfirmation.at)}）`}</Text>
        </Row>
      )}
      {o.agreementUrl && (
        <View className='med-actions med-actions--inline'>
          <ActionButton kind='ghost' onClick={() => openDocument(o.agreementUrl as string)}>
            下载调解协议书
          </ActionButton>
          {view.canAttach && !o.judicialConfirmation && <ActionButton onClick={() => setConfirming(true)}>标记司法确认</ActionButton>}
        </View>
      )}
      {o.scans.length > 0 && <Text className='med-muted'>{`已上传签字扫描件 ${o.scans.length} 页`}</Text>}
      {o.agreementUrl && view.canAttach && (
        <Field label='上传签字后的协议书（拍照，每页一张）'>
          <PhotoPicker value={scans} onChange={setScans} max={6} onBusyChange={setBusy} />
          {scans.length > 0 && (
            <ActionButton
              kind='primary'
              busy={attach.busy || busy}
              onClick={() =>
                void attach.run().then((v) => {
                  if (!v) return
                  onChanged(v)
                  setScans([])
                })
              }
            >
              保存扫描件
            </ActionButton>
          )}
        </Field>
      )}
      <Sheet
        title='标记司法确认'
        open={confirming}
        onClose={() => setConfirming(false)}
        footer={
          <ActionButton
            kind='primary'
            block
            busy={judicial.busy}
            onClick={() =>
              void judicial.run().then((v) => {
                if (!v) return
                onChanged(v)
                setConfirming(false)
              })
            }
          >
            确认已申请
          </ActionButton>
        }
      >
        <Field label='受理法院' required error={judicial.error}>
          <TextInput value={court} onChange={setCourt} maxLength={40} />
        </Field>
      </Sheet>
    </View>
  )
}

function TeamPage({ taskId }: { taskId: string }) {
  const { data: view, error, loading, reload, setData } = useLoad(() => getTaskMediation(taskId), taskId)
  useRefreshOnShow(reload)
  const [proposing, setProposing] = useState(false)
  const [replacing, setReplacing] = useState<TeamMemberView | null>(null)
  const [removing, setRemoving] = useState<TeamMemberView | null>(null)
  if (!view && loading) return <Loading />
  if (!view) return <ErrorState message={error ?? '加载失败'} onRetry={() => void reload()} />
  const team = view.team
  const recordUrl = (kind: 'session' | 'outcome') => `${MEDIATOR_PAGES.record}?task=${encodeURIComponent(taskId)}&kind=${kind}`
  return (
    <View className='med-page team-page'>
      <View className={`card team-page__head team-page__head--${view.task.riskColour}`}>
        <Text className='med-title'>{view.task.title}</Text>
        <Text className='med-muted'>{`${view.task.taskNo} · ${view.task.categoryLabel} · ${view.task.riskLabel} · ${view.task.stateLabel}`}</Text>
        <Text className='med-muted'>{view.task.territory.name}</Text>
        <Text>{view.task.parties.map((p) => `${p.role ?? '当事人'} ${p.name}`).join('、') || '未登记当事人'}</Text>
        <Text className='slot__toggle' {...AS_BUTTON} onClick={() => go(taskUrl(taskId))}>
          查看工单详情
        </Text>
      </View>

      <Preference view={view} onDone={setData} />

      <View className='card'>
        <Text className='med-title'>攻坚小组</Text>
        {!team && view.canPropose && <Text className='med-muted'>按纠纷类型和预警颜色自动推荐成员，排除有利害冲突的人。</Text>}
        {!team && !view.canPropose && <Text className='med-muted'>{view.proposeBlocked}</Text>}
        {team && (
          <>
            <Text className='med-muted'>{`${team.statusLabel} · ${team.proposer.name}组建于 ${formatDateTime(team.formedAt)} · ${team.seats} 个席位`}</Text>
            <Text className='med-muted'>{team.rule.description}</Text>
            {team.endReason && <Text className='med-note'>{team.endReason}</Text>}
            {team.members.map((m) => (
              <MemberRow key={`${m.mediatorId}:${m.invitedAt}`} m={m}>
                {(team.can.replace.includes(m.mediatorId) || team.can.remove.includes(m.mediatorId)) && m.status !== 'replaced' && m.status !== 'removed' && (
                  <View className='med-actions med-actions--inline'>
                    {team.can.replace.includes(m.mediatorId) && (
                      <ActionButton small kind={m.status === 'declined' || m.status === 'left' ? 'primary' : 'default'} onClick={() => setReplacing(m)}>
                        {m.status === 'declined' || m.status === 'left' ? '选替补' : '更换'}
                      </ActionButton>
                    )}
                    {team.can.remove.includes(m.mediatorId) && (
                      <ActionButton small onClick={() => setRemoving(m)}>
                        移出
                      </ActionButton>
                    )}
                  </View>
                )}
              </MemberRow>
            ))}
          </>
        )}
        {view.canPropose && (
          <ActionButton kind='primary' block onClick={() => setProposing(true)}>
            {view.pastTeams || (team && team.status === 'dissolved') ? '重新组建攻坚小组' : '推荐攻坚小组'}
          </ActionButton>
        )}
        {team?.can.answer && (
          <ActionButton kind='primary' block onClick={() => go(`${MEDIATOR_PAGES.invite}?team=${encodeURIComponent(team.id)}`)}>
            答复邀请
          </ActionButton>
        )}
      </View>

      {team && (
        <View className='card'>
          <Text className='med-title'>调解记录</Text>
          {view.sessions.length === 0 && <Text className='med-muted'>还没有调解记录。</Text>}
          {view.sessions.map((s) => (
            <View key={s.id} className='session'>
              <Text className='session__when'>{`${formatDateTime(s.at)} · ${s.place} · 记录人 ${s.by.name}`}</Text>
              <Text>{s.summary}</Text>
              <Text className='session__when'>{`参加：${s.attendees.join('、')}`}</Text>
              {s.nextStep && <Text className='session__when'>{`下一步：${s.nextStep}`}</Text>}
            </View>
          ))}
          {view.canRecord && (
            <View className='med-actions med-actions--inline'>
              <ActionButton kind='ghost' onClick={() => go(recordUrl('session'))}>
                记录一次调解
              </ActionButton>
              {!view.outcome && (
                <ActionButton kind='primary' onClick={() => go(recordUrl('outcome'))}>
                  登记调解结果
                </ActionButton>
              )}
            </View>
          )}
        </View>
      )}

      <Outcome view={view} onChanged={setData} />

      <ProposalSheet
        taskId={taskId}
        open={proposing}
        onClose={() => setProposing(false)}
        onConfirmed={() => {
          setProposing(false)
          void reload()
        }}
      />
      {replacing && (
        <Replace
          view={view}
          member={replacing}
          onClose={() => setReplacing(null)}
          onDone={(v) => {
            setData(v)
            setReplacing(null)
          }}
        />
      )}
      {removing && (
        <Remove
          view={view}
          member={removing}
          onClose={() => setRemoving(null)}
          onDone={(v) => {
            setData(v)
            setRemoving(null)
          }}
        />
      )}
    </View>
  )
}

export default function MediationTeamPage() {
  const { task } = useRouter().params
  return <PageShell>{task ? <TeamPage taskId={decodeURIComponent(task)} /> : <ErrorState message='缺少工单编号' />}</PageShell>
}
