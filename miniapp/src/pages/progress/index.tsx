import { PROGRESS_KIND_LABELS, PROGRESS_KINDS, type ProgressKind } from '@jqtb/shared/src/tasks/constants'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { ActionButton } from '../../components/action-button'
import { Chips, Field, TextArea } from '../../components/form-fields'
import { LocationField, type LocationValue } from '../../components/location-field'
import { PageShell } from '../../components/page-shell'
import { PhotoPicker, type UploadedPhoto } from '../../components/photo-picker'
import { ErrorState, Loading } from '../../components/states'
import { useAction } from '../../hooks/useAction'
import { useDraft } from '../../hooks/useDraft'
import { useLoad } from '../../hooks/useLoad'
import { getTask, runTaskAction } from '../../services/tasks'
import { goBackOr, taskUrl } from '../../shell/navigation'
import './index.scss'

interface ProgressDraft {
  kind: ProgressKind
  note: string
  photos: UploadedPhoto[]
  location: LocationValue | null
}

const BLANK: ProgressDraft = { kind: 'visit', note: '', photos: [], location: null }
const KIND_OPTIONS = PROGRESS_KINDS.map((k) => ({ value: k, label: PROGRESS_KIND_LABELS[k] }))

/** 记录进展: note, up to 9 photos, the on-site location. The draft survives a reload or a dropped signal. */
function ProgressForm({ id }: { id: string }) {
  const { data: task, error, reload } = useLoad(() => getTask(id), id)
  const [draft, set, clear, restored, requestId] = useDraft<ProgressDraft>(`progress.${id}`, BLANK)
  const [uploading, setUploading] = useState(false)
  const [formError, setFormError] = useState<string | null>(null)
  const save = useAction(
    () =>
      runTaskAction(id, 'progress', {
        kind: draft.kind,
        note: draft.note.trim(),
        photos: draft.photos.map((p) => p.id),
        ...(draft.location ? { location: draft.location } : {}),
        requestId: requestId(),
      }),
    { success: '进展已保存' },
  )

  if (!task) return error ? <ErrorState message={error} onRetry={() => void reload()} /> : <Loading />

  const submit = async () => {
    if (!draft.note.trim()) {
      setFormError('请填写进展说明')
      return
    }
    if (uploading) {
      setFormError('照片还在上传，请稍候')
      return
    }
    setFormError(null)
    const res = await save.run()
    if (res) {
      clear()
      goBackOr(taskUrl(id))
    }
  }

  return (
    <View className='with-bottom-bar'>
      <View className='card'>
        <Text className='progress__task'>{task.title}</Text>
        <Text className='faint'>
          {task.taskNo} · {task.territory.name}
        </Text>
      </View>
      {restored && <Text className='restored-note'>已恢复上次未提交的内容</Text>}
      <View className='card'>
        <Field label='进展类型'>
          <Chips options={KIND_OPTIONS} value={draft.kind} onChange={(kind) => set({ kind })} />
        </Field>
        <Field label='进展说明' required>
          <TextArea name='note' value={draft.note} onChange={(note) => set({ note })} placeholder='现场情况、已做的工作、当事人意见…' />
        </Field>
        <Field label='现场照片' hint='最多 9 张，选好后自动上传'>
          <PhotoPicker value={draft.photos} onChange={(photos) => set({ photos })} onBusyChange={setUploading} />
        </Field>
        <Field label='现场定位'>
          <LocationField value={draft.location} onChange={(location) => set({ location })} territory={task.territory} />
        </Field>
        {(formError || save.error) && <Text className='error-text'>{formError ?? save.error}</Text>}
      </View>
      <View className='bottom-bar'>
        <View className='bottom-bar__inner'>
          <ActionButton kind='primary' block busy={save.busy} disabled={uploading} onClick={() => void submit()}>
            {uploading ? '照片上传中…' : '保存进展'}
          </ActionButton>
        </View>
      </View>
    </View>
  )
}

export default function ProgressPage() {
  const { params } = useRouter()
  return <PageShell>{params.id ? <ProgressForm id={params.id} /> : <ErrorState message='缺少工单编号' />}</PageShell>
}
