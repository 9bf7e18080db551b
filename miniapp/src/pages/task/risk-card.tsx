// 「为什么是红色」 on the task page: the colour, who decided it, every factor with its points, the red
// follow-up deadline, the colour's history, the linked cases (the centre and the 派出所), and for them
// a way to set the colour by hand with a reason.
import type { RiskCardView } from '@jqtb/shared/src/risk/dto'
import { RISK_LABELS, type RiskColour } from '@jqtb/shared/src/tasks/constants'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { AS_BUTTON, FOCUSABLE } from '../../components/a11y'
import { ActionButton } from '../../components/action-button'
import { Chips, Field, TextArea } from '../../components/form-fields'
import { Sheet } from '../../components/sheet'
import { RISK_TAG } from '../../components/task-card'
import { useAction } from '../../hooks/useAction'
import { setRiskColour } from '../../services/risk'
import { openTask } from '../../shell/navigation'
import { formatDateTime } from '../../utils/time'

const TITLES: Record<RiskColour, string> = { red: '为什么是红色', yellow: '为什么是黄色', green: '风险评估' }
const COLOUR_OPTIONS = (['red', 'yellow', 'green'] as const).map((c) => ({ value: c, label: RISK_LABELS[c] }))

function Source({ card }: { card: RiskCardView }) {
  if (card.floor && card.source !== 'engine') {
    const when = card.source === 'created' ? '创建工单时' : formatDateTime(card.floor.at)
    return (
      <Text className='risk-card__source'>
        {card.floor.by}于{when}设为{RISK_LABELS[card.floor.colour]}：{card.floor.reason}
      </Text>
    )
  }
  return (
    <Text className='risk-card__source'>
      由系统按预警规则（第 {card.ruleVersion} 版）评分得出{card.floor ? `；人工设定的${RISK_LABELS[card.floor.colour]}为最低颜色` : ''}
    </Text>
  )
}

function FollowUp({ card }: { card: RiskCardView }) {
  if (card.colour !== 'red') return null
  if (card.escalatedAt) return <Text className='risk-card__alert'>跟进超时，已于 {formatDateTime(card.escalatedAt)} 向上一级督办</Text>
  if (card.followUpBy) return <Text className='risk-card__alert'>请于 {formatDateTime(card.followUpBy)} 前跟进处置（到场或联系当事人并记录进展）</Text>
  if (card.followedUpAt) return <Text className='muted'>已于 {formatDateTime(card.followedUpAt)} 跟进</Text>
  return null
}

function SetColourSheet({ card, open, onClose, onDone }: { card: RiskCardView; open: boolean; onClose: () => void; onDone: (c: RiskCardView) => void }) {
  const [colour, setColour] = useState<RiskColour>(card.colour)
  const [reason, setReason] = useState('')
  const save = useAction(
    async () => {
      const next = await setRiskColour(card.taskId, colour, reason.trim())
      onDone(next)
      onClose()
      return next
    },
    { success: '已调整预警颜色' },
  )
  return (
    <Sheet
      title='调整预警颜色'
      open={open}
      onClose={onClose}
      footer={
        <ActionButton block kind='primary' busy={save.busy} disabled={reason.trim().length < 2} onClick={() => void save.run()}>
          确定
        </ActionButton>
      }
    >
      <Text className='muted'>人工设定的颜色记入工单时间线。设为红色后系统不会自动调低，只能由人调整；系统仍可把黄色调高为红色。</Text>
      <Field label='预警颜色' required>
        <Chips options={COLOUR_OPTIONS} value={colour} onChange={setColour} />
      </Field>
      <Field label='理由' required hint='至少 2 个字，例如研判依据、走访情况'>
        <TextArea name='risk-reason' value={reason} onChange={setReason} maxLength={200} placeholder='例如：当事人曾持械威胁，所里研判为高风险' />
      </Field>
      {save.error && <Text className='error-text'>{save.error}</Text>}
    </Sheet>
  )
}

/** Nothing while it loads or when it cannot (the page goes on without it). */
export function RiskCard({ card, onChanged }: { card: RiskCardView | null; onChanged: (c: RiskCardView) => void }) {
  const [setting, setSetting] = useState(false)
  const [showHistory, setShowHistory] = useState(false)
  if (!card) return null
  return (
    <View className={`card risk-card risk-card--${card.colour}`} id='risk-card'>
      <View className='risk-card__head'>
        <Text className='detail__section risk-card__title'>{TITLES[card.colour]}</Text>
        <Text className={`tag ${RISK_TAG[card.colour]}`}>{card.label}</Text>
      </View>
      <Text className='risk-card__headline'>{card.headline}</Text>
      <Source card={card} />
      {card.scoredColour !== card.colour && (
        <Text className='muted'>
          按当前评分为{RISK_LABELS[card.scoredColour]}，{card.floor?.colour === card.colour ? '人工设定的颜色优先' : '颜色尚待系统更新'}
        </Text>
      )}
      <FollowUp card={card} />
      {card.factors.length === 0 ? (
        <Text className='faint'>
          暂无风险因素（黄线 {card.thresholds.yellow} 分，红线 {card.thresholds.red} 分）
        </Text>
      ) : (
        <View className='risk-card__factors'>
          {card.factors.map((f) => (
            <View key={f.line} className='risk-card__factor'>
              <Text className='risk-card__factor-text'>{f.text}</Text>
              <Text className={`risk-card__points${f.points < 0 ? ' risk-card__points--minus' : ''}`}>
                {f.points >= 0 ? '+' : '−'}
                {Math.abs(f.points)}
              </Text>
            </View>
          ))}
        </View>
      )}
      {card.linked && card.linked.length > 0 && (
        <View className='risk-card__linked'>
          <Text className='risk-card__sub'>关联案件（同一当事人或地址）</Text>
          {card.linked.map((l) => (
            <View key={l.id} className='risk-card__case' role='link' {...FOCUSABLE} onClick={() => l.taskId && openTask(l.taskId)}>
              <Text className={`risk-dot risk-dot--${l.colour}`} />
              <View className='risk-card__case-main'>
                <Text>
                  {l.ref} {l.title}
                </Text>
                <Text className='faint'>
                  {formatDateTime(l.createdAt)} · {l.channels.join('、')} · {l.via}
                  {l.open ? '' : ' · 已办结'}
                </Text>
              </View>
            </View>
          ))}
        </View>
      )}
      {card.history.length > 0 && (
        <View className='risk-card__history'>
          <Text className='points-link risk-card__toggle' {...AS_BUTTON} onClick={() => setShowHistory(!showHistory)}>
            {showHistory ? '收起颜色变化记录' : `颜色变化记录（${card.history.length}）›`}
          </Text>
          {showHistory &&
            [...card.history].reverse().map((h) => (
              <View key={h.seq} className='risk-card__change'>
                <Text>
                  {formatDateTime(h.at)} {h.by}：{RISK_LABELS[h.previous]} → {RISK_LABELS[h.colour]}
                </Text>
                <Text className='faint'>{h.reason ? `理由：${h.reason}` : h.factors.join('；')}</Text>
              </View>
            ))}
        </View>
      )}
      {card.canSet && (
        <View className='risk-card__actions'>
          <ActionButton small kind='ghost' onClick={() => setSetting(true)}>
            调整预警颜色
          </ActionButton>
        </View>
      )}
      {setting && <SetColourSheet card={card} open={setting} onClose={() => setSetting(false)} onDone={onChanged} />}
    </View>
  )
}
