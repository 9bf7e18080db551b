import type { LeadDetailView } from '@jqtb/shared/src/intake'
import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { AS_LINK, FOCUSABLE } from '../../../components/a11y'
import { ActionButton } from '../../../components/action-button'
import { Field, TextArea, TextInput } from '../../../components/form-fields'
import { PageShell } from '../../../components/page-shell'
import { Sheet } from '../../../components/sheet'
import { ErrorState, Loading } from '../../../components/states'
import { RISK_TAG } from '../../../components/task-card'
import { useLoad } from '../../../hooks/useLoad'
import { getPlatform } from '../../../platform'
import { actOnLead, getLead, type LeadVerb } from '../../../services/leads'
import { PAGES } from '../../../shell/navigation'
import { formatTime, LEAD_PAGES, leadUrl, percent, RISK_WORD } from '../parts'
import '../parts.scss'
import './index.scss'

/** The decisions that need words: who to, why, which task or lead. */
type Asking =
  | { verb: 'attach' }
  | { verb: 'return' | 'transfer' | 'refuse' | 'resolve' | 'reopen' }
  | { verb: 'merge' }
  | { verb: 'split'; sourceKey: string; label: string }

const TITLES: Record<Exclude<LeadVerb, 'convert'>, string> = {
  attach: '并入已有工单',
  return: '退回 110（警务事项）',
  transfer: '移交其他机关或单位',
  refuse: '不予受理',
  resolve: '已化解',
  reopen: '重新研判',
  merge: '合并到另一条线索',
  split: '拆出为新线索',
}

const taskUrl = (id: string) => `${PAGES.task}?id=${encodeURIComponent(id)}`

function Row({ k, v, children }: { k: string; v?: string; children?: React.ReactNode }) {
  return (
    <View className='kv'>
      <Text className='kv__k'>{k}</Text>
      <View className='kv__v'>
        {v && <Text>{v}</Text>}
        {children}
      </View>
    </View>
  )
}

const Sure = ({ c, sure = 0.8 }: { c: number; sure?: number }) => <Text className={`tag ${c >= sure ? 'tag--green' : 'tag--amber'}`}>把握 {percent(c)}</Text>

function Suggestion({ l }: { l: LeadDetailView }) {
  const s = l.suggestion
  return (
    <View className='card'>
      <Row k='分类'>
        <Text>{s.category.path} </Text>
        <Sure c={s.category.confidence} />
      </Row>
      <Row k='属地'>
        <Text>{s.territory.micro?.name ?? `${s.territory.area?.name ?? '无法识别'}（需人工选择）`} </Text>
        <Sure c={s.territory.confidence} />
      </Row>
      <Row k='承办' v={`${s.handlerLabel}${s.department ? ` · ${s.department.name}` : ''}`} />
      <Row k='层级 / 认领' v={`${s.tierLabel} · ${s.claimModeLabel}`} />
      <Row k='风险'>
        <Text className={`tag ${RISK_TAG[s.risk.colour]}`}>{s.risk.label}</Text>
        <Text> {s.risk.reasons.join('；')} </Text>
        <Sure c={s.risk.confidence} />
      </Row>
      <Row k='整体把握'>
        <Text>{percent(s.confidence)} </Text>
        <Text className='muted'>{s.auto ? '（达到自动分拨门槛）' : s.police ? '（涉警，须人工研判）' : '（需人工确认）'}</Text>
      </Row>
    </View>
  )
}

function LeadPage({ id }: { id: string }) {
  const { data, error, loading, reload, setData } = useLoad(() => getLead(id), id)
  const [asking, setAsking] = useState<Asking | null>(null)
  const [reason, setReason] = useState('')
  const [to, setTo] = useState('')
  const [target, setTarget] = useState('')
  const [busy, setBusy] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)

  if (loading && !data) return <Loading />
  if (error && !data) return <ErrorState message={error} onRetry={() => void reload()} />
  if (!data) return null
  const l = data
  const can = (a: string) => l.actions.includes(a)

  const act = async (verb: LeadVerb, body: Record<string, unknown>, said: string) => {
    setBusy(verb)
    setProblem(null)
    try {
      const out = await actOnLead(l.id, verb, body)
      setAsking(null)
      setReason('')
      setTo('')
      setTarget('')
      if (verb === 'merge' && out.lead.id !== l.id) {
        void Taro.redirectTo({ url: leadUrl(out.lead.id) })
        return
      }
      setData(out.lead)
      setDone(out.newLeadId ? `${said}：新线索 ${out.newLeadId}` : said)
    } catch (e) {
      setProblem((e as Error).message)
    } finally {
      setBusy(null)
    }
  }

  const submit = () => {
    if (!asking) return
    const v = asking.verb
    if (v === 'attach') return act('attach', { taskId: target.trim() }, '已并入工单，承办人会收到通知')
    if (v === 'merge') return act('merge', { into: target.trim().toUpperCase(), reason: reason.trim() }, '已合并')
    if (v === 'split') return act('split', { sourceKey: asking.sourceKey, reason: reason.trim() }, '已拆出')
    if (v === 'return') return act('return', { to: to.trim() || '110', reason: reason.trim() }, '已退回，来源渠道会收到反馈')
    if (v === 'transfer') return act('transfer', { to: to.trim(), reason: reason.trim() }, '已移交，来源渠道会收到反馈')
    return act(v, { reason: reason.trim() }, TITLES[v])
  }
  const needsReason = asking && asking.verb !== 'attach'
  const missing = !asking
    ? null
    : (asking.verb === 'attach' || asking.verb === 'merge') && !target.trim()
      ? asking.verb === 'attach'
        ? '请选择或填写工单 ID'
        : '请选择或填写线索编号'
      : asking.verb === 'transfer' && to.trim().length < 2
        ? '请填写移交对象'
        : needsReason && reason.trim().length < 2
          ? '请填写理由（至少 2 个字）'
          : null
  const openTasks = l.history.related.filter((r) => r.taskId && r.taskState && !['closed', 'cancelled'].includes(r.taskState))
  const mergeable = l.history.related.filter((r) => r.state === 'new' || r.state === 'converted' || r.state === 'attached')

  return (
    <View className='lead'>
      <View className='lead__head'>
        <Text className={`tag ${RISK_TAG[l.riskColour]}`}>{RISK_WORD[l.riskColour]}</Text>
        <Text className='tag'>{l.stateLabel}</Text>
        {l.channels.map((c) => (
          <Text key={c.code} className='tag tag--blue'>
            {c.label.replace(/ .*/, '')}
          </Text>
        ))}
        {l.repeatCount30 >= 2 && <Text className='tag tag--red'>30 天内第 {l.repeatCount30} 次</Text>}
      </View>
      <Text className='page-title'>{l.title}</Text>
      <Text className='muted'>
        {l.id} · {l.sourceCount} 条来件 · 首次 {formatTime(l.firstAt)}
      </Text>

      {done && (
        <View className='card lead__done' role='status'>
          <Text>{done}</Text>
          {l.taskId && (
            <ActionButton small kind='primary' onClick={() => void Taro.navigateTo({ url: taskUrl(l.taskId!) })}>
              查看工单 {l.taskNo}
            </ActionButton>
          )}
          <ActionButton small onClick={() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: LEAD_PAGES.inbox }))}>
            回到研判列表
          </ActionButton>
        </View>
      )}

      {l.decision && (
        <View className='card'>
          <Row k='处理结果' v={`${l.decision.label}${l.decision.auto ? '（自动分拨）' : ''}`} />
          {l.decision.to && <Row k='对象' v={l.decision.to} />}
          {l.decision.reason && <Row k='理由' v={l.decision.reason} />}
          <Row k='处理人' v={`${l.decision.by} · ${formatTime(l.decision.at)}`} />
          {l.taskId && (
            <Row k='工单'>
              <Text className='link' {...AS_LINK} onClick={() => void Taro.navigateTo({ url: taskUrl(l.taskId!) })}>
                {l.taskNo}
              </Text>
            </Row>
          )}
        </View>
      )}
      {l.mergedInto && (
        <View className='card'>
          <Text>已合并到 </Text>
          <Text className='link' {...AS_LINK} onClick={() => void Taro.redirectTo({ url: leadUrl(l.mergedInto!) })}>
            {l.mergedInto}
          </Text>
        </View>
      )}

      <View className='section-title'>研判建议</View>
      <Suggestion l={l} />

      {(can('convert') || can('reopen')) && (
        <View className='lead__actions'>
          {can('convert') && (
            <ActionButton kind='primary' busy={busy === 'convert'} onClick={() => void act('convert', {}, '已转为工单，并按分拨规则分拨')}>
              转为工单
            </ActionButton>
          )}
          {can('attach') && <ActionButton onClick={() => setAsking({ verb: 'attach' })}>并入已有工单</ActionButton>}
          {can('return') && <ActionButton onClick={() => setAsking({ verb: 'return' })}>退回 110</ActionButton>}
          {can('transfer') && <ActionButton onClick={() => setAsking({ verb: 'transfer' })}>移交</ActionButton>}
          {can('refuse') && <ActionButton onClick={() => setAsking({ verb: 'refuse' })}>不予受理</ActionButton>}
          {can('resolve') && <ActionButton onClick={() => setAsking({ verb: 'resolve' })}>已化解</ActionButton>}
          {can('merge') && <ActionButton onClick={() => setAsking({ verb: 'merge' })}>合并线索</ActionButton>}
          {can('reopen') && <ActionButton onClick={() => setAsking({ verb: 'reopen' })}>重新研判</ActionButton>}
        </View>
      )}
      {problem && !asking && (
        <View className='card error-text' role='alert'>
          <Text>{problem}</Text>
        </View>
      )}

      <View className='section-title'>各渠道来件（{l.sources.length}）</View>
      {l.sources.map((s) => (
        <View key={s.key} className='card lead-source'>
          <View className='lead__head'>
            <Text className='tag tag--blue'>{s.channelLabel}</Text>
            <Text className='muted'>
              {s.sourceId} · {formatTime(s.reportedAt)}
            </Text>
          </View>
          <Text className='lead-source__title'>{s.title}</Text>
          <Text className='lead-source__content'>{s.content}</Text>
          {s.address && <Text className='muted'>地址：{s.address}</Text>}
          {s.photos?.length > 0 && (
            <View className='lead-source__photos'>
              {s.photos.map((p, n) => (
                <Image
                  key={p.id}
                  className='lead-source__photo'
                  src={p.url}
                  mode='aspectFill'
                  nativeProps={{ alt: `${s.channelLabel}照片 ${n + 1}（点击查看大图）` }}
                  onClick={() =>
                    getPlatform().previewImages(
                      s.photos.map((x) => x.url),
                      p.url,
                    )
                  }
                />
              ))}
            </View>
          )}
          {s.parties.length > 0 && (
            <Text className='muted'>当事人：{s.parties.map((p) => `${p.role} ${p.name}${p.phone ? ` ${p.phone}` : ''}`).join('；')}</Text>
          )}
          {s.joinedBecause.length > 0 ? <Text className='reasons'>归集理由：{s.joinedBecause.join('；')}</Text> : <Text className='reasons'>首条来件</Text>}
          {can('split') && s.joinedBecause.length > 0 && (
            <ActionButton small kind='ghost' onClick={() => setAsking({ verb: 'split', sourceKey: s.key, label: `${s.channelLabel} ${s.sourceId}` })}>
              不是同一件事，拆出
            </ActionButton>
          )}
        </View>
      ))}

      {l.repeatOf.length > 0 && (
        <View>
          <View className='section-title'>重复来件：关联的前次线索</View>
          {l.repeatOf.map((r) => (
            <View key={r.leadId} className='card'>
              <Text className='link' {...AS_LINK} onClick={() => void Taro.navigateTo({ url: leadUrl(r.leadId) })}>
                {r.leadId}
              </Text>
              <Text className='reasons'>{r.reasons.join('；')}</Text>
            </View>
          ))}
        </View>
      )}

      <View className='section-title'>
        关联历史（30 天 {l.history.repeats.days30} 次 · 90 天 {l.history.repeats.days90} 次）
      </View>
      {l.history.related.length === 0 ? (
        <View className='card'>
          <Text className='muted'>同一号码、身份证或地址没有其他线索</Text>
        </View>
      ) : (
        l.history.related.map((r) => (
          <View key={r.leadId} className='card'>
            <View className='lead__head'>
              <Text className='tag'>{r.relation === 'earlier' ? '此前' : '此后'}</Text>
              <Text className='tag'>{r.stateLabel}</Text>
              {r.channels.map((c) => (
                <Text key={c} className='tag tag--blue'>
                  {c}
                </Text>
              ))}
            </View>
            <Text className='link lead-source__title' {...AS_LINK} onClick={() => void Taro.navigateTo({ url: leadUrl(r.leadId) })}>
              {r.title}
            </Text>
            <Text className='muted'>
              {formatTime(r.at)}
              {r.taskNo ? ` · 工单 ${r.taskNo}（${r.taskStateLabel}）` : ''}
            </Text>
            <Text className='reasons'>{r.reasons.join('；')}</Text>
          </View>
        ))
      )}

      <View className='section-title'>处理记录</View>
      <View className='card'>
        {l.timeline.map((t) => (
          <View key={t.seq} className='kv'>
            <Text className='kv__k'>{formatTime(t.at)}</Text>
            <Text className='kv__v'>
              {t.label} · {t.by}
              {t.note ? `：${t.note}` : ''}
            </Text>
          </View>
        ))}
      </View>

      <Sheet
        title={asking ? (asking.verb === 'split' ? `拆出 ${asking.label}` : TITLES[asking.verb]) : ''}
        open={asking !== null}
        onClose={() => {
          setAsking(null)
          setProblem(null)
        }}
        notice={problem ?? missing ?? undefined}
        footer={
          <ActionButton kind='primary' block busy={busy !== null} disabled={missing !== null} onClick={() => void submit()}>
            确定
          </ActionButton>
        }
      >
        {asking?.verb === 'attach' && (
          <View>
            {openTasks.length > 0 && <Text className='muted'>同一当事人或地址的在办工单：</Text>}
            {openTasks.map((r) => (
              <View
                key={r.leadId}
                className={`lead-pick${target === r.taskId ? ' lead-pick--on' : ''}`}
                role='radio'
                aria-checked={target === r.taskId}
                {...FOCUSABLE}
                onClick={() => setTarget(r.taskId!)}
              >
                <Text>
                  {r.taskNo} · {r.title}（{r.taskStateLabel}）
                </Text>
              </View>
            ))}
            <Field label='工单 ID' hint='或粘贴工单页面地址中的 ID'>
              <TextInput value={target} onChange={setTarget} maxLength={40} />
            </Field>
          </View>
        )}
        {asking?.verb === 'merge' && (
          <View>
            {mergeable.map((r) => (
              <View
                key={r.leadId}
                className={`lead-pick${target === r.leadId ? ' lead-pick--on' : ''}`}
                role='radio'
                aria-checked={target === r.leadId}
                {...FOCUSABLE}
                onClick={() => setTarget(r.leadId)}
              >
                <Text>
                  {r.leadId} · {r.title}
                </Text>
              </View>
            ))}
            <Field label='合并到的线索编号'>
              <TextInput value={target} onChange={setTarget} maxLength={24} placeholder='XS20261203-…' />
            </Field>
          </View>
        )}
        {(asking?.verb === 'return' || asking?.verb === 'transfer') && (
          <Field label={asking.verb === 'return' ? '退回给' : '移交给'} required={asking.verb === 'transfer'}>
            <TextInput value={to} onChange={setTo} maxLength={40} placeholder={asking.verb === 'return' ? '110（默认）' : '如：市场监管所'} />
          </Field>
        )}
        {needsReason && (
          <Field
            label='理由'
            required
            hint={
              asking?.verb === 'split' || asking?.verb === 'merge'
                ? '留痕，可在处理记录中查看'
                : asking?.verb === 'refuse'
                  ? '来源渠道（110、12345）会收到；群众自己上报的，也会在进度里看到这条理由'
                  : '来源渠道（110、12345）会收到'
            }
          >
            <TextArea value={reason} onChange={setReason} maxLength={500} />
          </Field>
        )}
      </Sheet>
    </View>
  )
}

export default function LeadDetailPage() {
  const { params } = useRouter()
  const id = params.id ? decodeURIComponent(params.id) : ''
  return <PageShell>{id ? <LeadPage id={id} /> : <ErrorState message='缺少线索编号：请从研判列表打开' />}</PageShell>
}
