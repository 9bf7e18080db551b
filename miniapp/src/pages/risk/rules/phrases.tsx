// The phrase list: each phrase with its group, points, 直接红色 and the harmless expressions that contain it.
import { PHRASE_GROUP_LABELS, PHRASE_GROUPS, type PhraseGroup } from '@jqtb/shared/src/risk/constants'
import { checkPhrase } from '@jqtb/shared/src/risk/form'
import type { PhraseRule, RiskRuleSet } from '@jqtb/shared/src/risk/rules'
import { Picker, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { FOCUSABLE } from '../../../components/a11y'
import { Chips, TextInput } from '../../../components/form-fields'
import { NumberInput, WordList } from './inputs'

const GROUP_OPTIONS = PHRASE_GROUPS.map((g) => ({ value: g, label: PHRASE_GROUP_LABELS[g] }))

function PhraseRow({ p, all, onChange, onRemove }: { p: PhraseRule; all: PhraseRule[]; onChange: (p: PhraseRule) => void; onRemove: () => void }) {
  // a new (empty) phrase opens for typing
  const [open, setOpen] = useState(!p.phrase)
  const problem = checkPhrase(p, all)
  return (
    <View className='phrase' data-phrase={p.phrase}>
      <View className='phrase__head' role='button' {...FOCUSABLE} onClick={() => setOpen(!open)}>
        <Text className='phrase__word'>「{p.phrase || '（未填）'}」</Text>
        <Text className='muted'>
          {PHRASE_GROUP_LABELS[p.group]} · {p.points} 分{p.forceRed ? ' · 直接红色' : ''}
          {p.except.length ? ` · 例外 ${p.except.length}` : ''}
        </Text>
        <Text className='phrase__toggle'>{open ? '收起' : '修改'}</Text>
      </View>
      {problem && <Text className='error-text'>{problem}</Text>}
      {open && (
        <View className='phrase__body'>
          <Text className='faint'>关键词</Text>
          <TextInput name={`phrase-${p.phrase}`} value={p.phrase} maxLength={12} onChange={(v) => onChange({ ...p, phrase: v.trim() })} />
          <Text className='faint'>类别</Text>
          <Picker
            mode='selector'
            range={GROUP_OPTIONS.map((g) => g.label)}
            onChange={(e) => onChange({ ...p, group: GROUP_OPTIONS[Number(e.detail.value)].value as PhraseGroup })}
          >
            <View className='picker-value'>{PHRASE_GROUP_LABELS[p.group]}</View>
          </Picker>
          <Text className='faint'>分值</Text>
          <NumberInput name={`phrase-points-${p.phrase}`} value={p.points} unit='分' onChange={(v) => onChange({ ...p, points: v })} />
          <Text className='faint'>出现即直接红色</Text>
          <Chips
            options={[
              { value: 'no', label: '否' },
              { value: 'yes', label: '是' },
            ]}
            value={p.forceRed ? 'yes' : 'no'}
            onChange={(v) => onChange({ ...p, forceRed: v === 'yes' })}
          />
          <Text className='faint'>例外说法（包含关键词但无风险，如「拼命工作」）</Text>
          <WordList name={`except-${p.phrase}`} words={p.except} onChange={(except) => onChange({ ...p, except })} />
          <View className='phrase__remove' role='button' {...FOCUSABLE} onClick={onRemove}>
            删除此关键词
          </View>
        </View>
      )}
    </View>
  )
}

export function PhraseEditor({ rules, onChange }: { rules: RiskRuleSet; onChange: (r: RiskRuleSet) => void; errors: Record<string, string> }) {
  const set = (phrases: PhraseRule[]) => onChange({ ...rules, phrases })
  return (
    <View className='phrases'>
      <Text className='rule-section__sub'>关键词列表（{rules.phrases.length} 个，点「修改」调整）</Text>
      {rules.phrases.map((p, i) => (
        <PhraseRow
          // biome-ignore lint/suspicious/noArrayIndexKey: a phrase is edited in place, its text may change while typing
          key={i}
          p={p}
          all={rules.phrases}
          onChange={(next) => set(rules.phrases.map((q, j) => (j === i ? next : q)))}
          onRemove={() => set(rules.phrases.filter((_, j) => j !== i))}
        />
      ))}
      <View
        className='points-link phrases__add'
        role='button'
        {...FOCUSABLE}
        onClick={() => set([...rules.phrases, { phrase: '', group: 'threat', points: 10, forceRed: false, except: [] }])}
      >
        ＋ 添加关键词
      </View>
    </View>
  )
}
