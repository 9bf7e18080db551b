import { RISK_LABELS, type RiskColour, type TaskCategory } from '@jqtb/shared/src/tasks/constants'
import type { TaskActionResponse } from '@jqtb/shared/src/tasks/dto'
import Taro from '@tarojs/taro'
import type { ReactNode } from 'react'
import { taskUrl } from '../../shell/navigation'
import { CategoryPicker } from '../category-picker'
import { Chips, Field, TextArea, TextInput } from '../form-fields'

/* What the centre's 新建工单 and a grid worker's 上报 both ask about a dispute, and what both do once it is sent. */

export interface DisputeDraft {
  title: string
  category: TaskCategory | ''
  riskColour: RiskColour
  description: string
}

export const RISK_OPTIONS = (['green', 'yellow', 'red'] as const).map((r) => ({ value: r, label: RISK_LABELS[r] }))

/** The first thing the form still lacks about the dispute, in words; null when complete. */
export function disputeProblem(d: DisputeDraft): string | null {
  if (d.title.trim().length < 2) return '请填写标题（至少 2 个字）'
  if (!d.category) return '请选择纠纷类型'
  if (!d.description.trim()) return '请填写情况描述'
  return null
}

/** The dispute as the API takes it. */
export const disputeBody = (d: DisputeDraft) => ({
  title: d.title.trim(),
  description: d.description.trim(),
  category: d.category as TaskCategory,
  riskColour: d.riskColour,
})

/**
 * 标题, 纠纷类型, 风险等级 and 情况描述; `children` go between the type and the risk (the centre's 复杂程度).
 * `onCategory` replaces the plain setter (the centre's form also suggests a department).
 */
export function DisputeFields<T extends DisputeDraft>({
  d,
  set,
  placeholders,
  onCategory,
  children,
}: {
  d: T
  set: (patch: Partial<T>) => void
  placeholders: { title: string; description: string }
  onCategory?: (category: TaskCategory) => void
  children?: ReactNode
}) {
  return (
    <>
      <Field label='标题' required>
        <TextInput name='title' value={d.title} onChange={(title) => set({ title } as Partial<T>)} placeholder={placeholders.title} maxLength={60} />
      </Field>
      <Field label='纠纷类型' required>
        <CategoryPicker value={d.category} onChange={onCategory ?? ((category) => set({ category } as Partial<T>))} />
      </Field>
      {children}
      <Field label='风险等级'>
        <Chips options={RISK_OPTIONS} value={d.riskColour} onChange={(riskColour) => set({ riskColour } as Partial<T>)} />
      </Field>
      <Field label='情况描述' required>
        <TextArea
          name='description'
          value={d.description}
          onChange={(description) => set({ description } as Partial<T>)}
          placeholder={placeholders.description}
          maxLength={2000}
        />
      </Field>
    </>
  )
}

/** After the server accepted the form (or found it accepted before): forget the draft and open the task. */
export function openSent(res: TaskActionResponse | undefined, clear: () => void) {
  if (!res) return
  clear()
  void Taro.navigateTo({ url: taskUrl(res.task.id) })
}
