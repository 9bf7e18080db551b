// 攻坚小组构成规则: which kinds of mediator a team needs, by dispute category and risk colour (the most specific
// row wins; the 不限/不限 row is the fallback). Everyone who assembles teams reads it; admins edit and save a version.
import { MEDIATOR_TYPE_LABELS, MEDIATOR_TYPES, type MediatorType } from '@jqtb/shared/src/mediators/constants'
import { describeRule } from '@jqtb/shared/src/mediators/labels'
import type { CompositionRule, CompositionRuleSet, CompositionSlot } from '@jqtb/shared/src/mediators/rules'
import { RISK_COLOURS, RISK_LABELS, TASK_CATEGORIES } from '@jqtb/shared/src/tasks/constants'
import { Picker, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { FOCUSABLE } from '../../../components/a11y'
import { ActionButton } from '../../../components/action-button'
import { Chips, Field, TextInput } from '../../../components/form-fields'
import { PageShell } from '../../../components/page-shell'
import { ErrorState, Loading } from '../../../components/states'
import { useAction } from '../../../hooks/useAction'
import { useLoad } from '../../../hooks/useLoad'
import { getRules, saveRules } from '../../../services/mediators'
import { formatDateTime } from '../../../utils/time'
import { isAdmin } from '../parts'
import '../parts.scss'
import './index.scss'

const CATEGORY_OPTIONS = [{ value: 'any', label: '不限类型' }, ...TASK_CATEGORIES.map((c) => ({ value: c.code, label: c.label }))]
const COLOUR_OPTIONS = [{ value: 'any', label: '不限' }, ...RISK_COLOURS.map((c) => ({ value: c, label: RISK_LABELS[c] }))]
const TYPE_OPTIONS = MEDIATOR_TYPES.map((t) => ({ value: t, label: MEDIATOR_TYPE_LABELS[t] }))
const PLACE_OPTIONS = [
  { value: 'any', label: '不限住址' },
  { value: 'local', label: '须为当事人所在村社' },
  { value: 'avoid', label: '回避当事人所在村社' },
]

function SlotEditor({ slot, onChange, onRemove }: { slot: CompositionSlot; onChange: (s: CompositionSlot) => void; onRemove: () => void }) {
  const typeIndex = MEDIATOR_TYPES.indexOf(slot.type)
  const place = slot.local ? 'local' : slot.avoidLocal ? 'avoid' : 'any'
  return (
    <View className='rule-slot'>
      <View className='rule-slot__line'>
        <Picker
          mode='selector'
          range={TYPE_OPTIONS.map((o) => o.label)}
          value={typeIndex}
          onChange={(e) => onChange({ ...slot, type: MEDIATOR_TYPES[Number(e.detail.value)] as MediatorType })}
        >
          <View className='field__input rule-slot__type'>{MEDIATOR_TYPE_LABELS[slot.type]} ▾</View>
        </Picker>
        <View className='rule-slot__count'>
          <View
            className='btn btn--small'
            role='button'
            {...FOCUSABLE}
            aria-label='减少人数 −'
            onClick={() => slot.count > 1 && onChange({ ...slot, count: slot.count - 1 })}
          >
            <Text>−</Text>
          </View>
          <Text className='rule-slot__n'>{`${slot.count} 人`}</Text>
          <View
            className='btn btn--small'
            role='button'
            {...FOCUSABLE}
            aria-label='增加人数 ＋'
            onClick={() => slot.count < 3 && onChange({ ...slot, count: slot.count + 1 })}
          >
            <Text>＋</Text>
          </View>
        </View>
      </View>
      <Chips
        options={PLACE_OPTIONS}
        value={place}
        onChange={(p) =>
          onChange({ type: slot.type, count: slot.count, ...(p === 'local' ? { local: true } : {}), ...(p === 'avoid' ? { avoidLocal: true } : {}) })
        }
      />
      <ActionButton small onClick={onRemove}>
        删除这一类
      </ActionButton>
    </View>
  )
}

function RuleEditor({ rule, onChange, onRemove }: { rule: CompositionRule; onChange: (r: CompositionRule) => void; onRemove: () => void }) {
  const catIndex = CATEGORY_OPTIONS.findIndex((o) => o.value === rule.category)
  const fallback = rule.category === 'any' && rule.colour === 'any'
  return (
    <View className='card rule-card'>
      <Field label='纠纷类型'>
        <Picker
          mode='selector'
          range={CATEGORY_OPTIONS.map((o) => o.label)}
          value={catIndex}
          onChange={(e) => onChange({ ...rule, category: CATEGORY_OPTIONS[Number(e.detail.value)].value as CompositionRule['category'] })}
        >
          <View className='field__input'>{CATEGORY_OPTIONS[catIndex]?.label ?? '选择'} ▾</View>
        </Picker>
      </Field>
      <Field label='预警颜色'>
        <Chips options={COLOUR_OPTIONS} value={rule.colour} onChange={(colour) => onChange({ ...rule, colour: colour as CompositionRule['colour'] })} />
      </Field>
      <Field label='小组构成'>
        {rule.slots.map((s, i) => (
          <SlotEditor
            // biome-ignore lint/suspicious/noArrayIndexKey: a slot is its position in the rule
            key={i}
            slot={s}
            onChange={(slot) => onChange({ ...rule, slots: rule.slots.map((x, j) => (j === i ? slot : x)) })}
            onRemove={() => onChange({ ...rule, slots: rule.slots.filter((_, j) => j !== i) })}
          />
        ))}
        <ActionButton small kind='ghost' onClick={() => onChange({ ...rule, slots: [...rule.slots, { type: 'professional', count: 1 }] })}>
          添加一类人员
        </ActionButton>
      </Field>
      <Field label='说明'>
        <TextInput value={rule.note ?? ''} onChange={(note) => onChange({ ...rule, note: note || undefined })} maxLength={100} />
      </Field>
      {fallback ? (
        <Text className='med-muted'>兜底规则：没有更具体的规则时使用，不能删除。</Text>
      ) : (
        <ActionButton kind='danger' small onClick={onRemove}>
          删除这条规则
        </ActionButton>
      )}
    </View>
  )
}

function Rules() {
  const { data, error, loading, reload, setData } = useLoad(() => getRules())
  const [draft, setDraft] = useState<CompositionRuleSet | null>(null)
  const [note, setNote] = useState('')
  const save = useAction(() => saveRules(data?.version ?? 0, draft as CompositionRuleSet, note.trim() || undefined), { success: '已保存新版本' })
  if (!data && loading) return <Loading />
  if (!data) return <ErrorState message={error ?? '加载失败'} onRetry={() => void reload()} />
  const set = draft ?? data.rules
  const editing = !!draft
  return (
    <View className='med-page'>
      <View className='card'>
        <Text className='med-title'>攻坚小组构成规则</Text>
        <Text className='med-muted'>
          {data.version ? `第 ${data.version} 版 · ${data.updatedBy?.name ?? ''} ${formatDateTime(data.updatedAt)}` : '默认规则（尚未修改）'}
        </Text>
        <Text className='med-muted'>同一纠纷按最具体的一条配人：类型+颜色 › 类型 › 颜色 › 兜底。每人同时在办上限 {set.loadCap} 件（个人资料可另设）。</Text>
      </View>
      {!editing &&
        set.rules.map((r) => (
          <View key={r.id} className='card rule-card'>
            <Text className='rule-card__line'>{describeRule(r)}</Text>
            {r.note && <Text className='med-muted'>{r.note}</Text>}
          </View>
        ))}
      {editing && (
        <>
          <View className='card'>
            <Field label='每人同时在办上限（件）'>
              <TextInput type='number' value={String(set.loadCap)} onChange={(v) => setDraft({ ...set, loadCap: Number(v) || 0 })} maxLength={2} />
            </Field>
          </View>
          {set.rules.map((r, i) => (
            <RuleEditor
              key={r.id}
              rule={r}
              onChange={(rule) => setDraft({ ...set, rules: set.rules.map((x, j) => (j === i ? rule : x)) })}
              onRemove={() => setDraft({ ...set, rules: set.rules.filter((_, j) => j !== i) })}
            />
          ))}
          <View className='med-actions'>
            <ActionButton
              kind='ghost'
              onClick={() =>
                setDraft({
                  ...set,
                  rules: [
                    ...set.rules,
                    {
                      id: `rule-${Date.now().toString(36)}`,
                      category: 'other',
                      colour: 'any',
                      slots: [
                        { type: 'professional', count: 1 },
                        { type: 'cadre', count: 1, local: true },
                      ],
                    },
                  ],
                })
              }
            >
              添加规则
            </ActionButton>
          </View>
          <View className='card'>
            <Field label='修改说明（选填）' error={save.error}>
              <TextInput value={note} onChange={setNote} maxLength={200} placeholder='例如：劳资纠纷加一名律师' />
            </Field>
          </View>
        </>
      )}
      {isAdmin() && (
        <View className='med-actions'>
          {editing ? (
            <>
              <ActionButton onClick={() => setDraft(null)}>放弃修改</ActionButton>
              <ActionButton
                kind='primary'
                busy={save.busy}
                onClick={() =>
                  void save.run().then((v) => {
                    if (v) {
                      setData(v)
                      setDraft(null)
                    }
                  })
                }
              >
                保存为新版本
              </ActionButton>
            </>
          ) : (
            <ActionButton kind='primary' onClick={() => setDraft(data.rules)}>
              修改规则
            </ActionButton>
          )}
        </View>
      )}
    </View>
  )
}

export default function RulesPage() {
  return (
    <PageShell>
      <Rules />
    </PageShell>
  )
}
