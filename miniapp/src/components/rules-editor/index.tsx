// The editor both rule pages share (积分规则, 预警规则): the admin edits a draft in a Chinese form, sees
// what changed against the latest version, saves the draft (numbered revisions: two admins cannot
// overwrite each other), previews the effect, and publishes a version from a date with a note.

import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { type ReactNode, useState } from 'react'
import { useAction } from '../../hooks/useAction'
import { ApiError } from '../../services/http'
import { formatDateTime } from '../../utils/time'
import { ActionButton } from '../action-button'
import { PublishSheet } from './publish-sheet'
import './index.scss'

export interface RuleChangeLine {
  path: string
  label: string
  from: string
  to: string
}

/** What the editor needs of a rules overview (points and risk both answer this shape). */
export interface DraftableOverview<R> {
  latest: { version: number; rules: R }
  draft: { rules: R; savedAt: string; savedBy: { name: string } } | null
  draftRevision: number
}

/** The rule set's own checks and calls. */
export interface RulesEditorApi<R, P> {
  check(rules: R): Record<string, string>
  diff(from: R, to: R): RuleChangeLine[]
  saveDraft(baseRevision: number, rules: R): Promise<{ revision: number }>
  preview(rules: R): Promise<P>
  publish(expectedVersion: number, rules: R, effectiveFrom?: string, note?: string): Promise<{ version: number }>
}

interface Props<R, P> {
  overview: DraftableOverview<R>
  api: RulesEditorApi<R, P>
  onPublished: () => void
  /** above everything (a page title, the version line) */
  head: ReactNode
  form(rules: R, onChange: (next: R) => void, errors: Record<string, string>): ReactNode
  /** the preview card; `previewId` is scrolled to when a preview arrives */
  previewCard(preview: P): ReactNode
  previewId?: string
  /** the preview above the form (it is long) rather than below it */
  previewFirst?: boolean
  /** below the form (settings that are not part of the versioned rules) */
  extra?: ReactNode
}

/** Field messages from a 400: `rules.thresholds.red` → `thresholds.red`. */
function serverFieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError) || e.status !== 400) return {}
  const fields = (e.details as { fields?: Array<{ path: string; message: string }> } | undefined)?.fields ?? []
  return Object.fromEntries(fields.filter((f) => f.path.startsWith('rules.')).map((f) => [f.path.slice('rules.'.length), f.message]))
}

export function RulesEditor<R, P>({ overview, api, onPublished, head, form, previewCard, previewId, previewFirst, extra }: Props<R, P>) {
  const latest = overview.latest
  const [rules, setRules] = useState<R>(overview.draft?.rules ?? latest.rules)
  const [revision, setRevision] = useState(overview.draftRevision)
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({})
  const [preview, setPreview] = useState<P | null>(null)
  const [publishing, setPublishing] = useState(false)
  const localErrors = api.check(rules)
  const errors = { ...serverErrors, ...localErrors }
  const invalid = Object.keys(localErrors).length > 0
  const changes = api.diff(latest.rules, rules)

  const change = (next: R) => {
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
      const draft = await api.saveDraft(revision, rules)
      setRevision(draft.revision)
      return draft
    }),
    { success: '草稿已保存' },
  )
  const runPreview = useAction(
    guard(async () => {
      const p = await api.preview(rules)
      setPreview(p)
      if (previewId) setTimeout(() => void Taro.pageScrollTo({ selector: `#${previewId}`, duration: 200 }), 50)
      return p
    }),
  )
  const publish = useAction(
    async (effectiveFrom: string | undefined, note: string) => {
      const v = await api.publish(latest.version, rules, effectiveFrom, note || undefined)
      setPublishing(false)
      onPublished()
      return v
    },
    { success: (v) => `已发布第 ${v.version} 版` },
  )
  const shownPreview = preview ? previewCard(preview) : null

  return (
    <View className='rules with-bottom-bar'>
      {head}
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
      {previewFirst && shownPreview}
      {form(rules, change, errors)}
      {!previewFirst && shownPreview}
      {extra}
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
