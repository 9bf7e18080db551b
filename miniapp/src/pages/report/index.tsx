import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { ActionButton } from '../../components/action-button'
import { Chips, Field, TextArea } from '../../components/form-fields'
import { LocationField, type LocationValue } from '../../components/location-field'
import { PageShell } from '../../components/page-shell'
import { PartiesEditor, type PartyDraft, partiesForApi } from '../../components/parties-editor'
import { PhotoPicker, type UploadedPhoto } from '../../components/photo-picker'
import { type DisputeDraft, DisputeFields, disputeBody, disputeProblem, openSent } from '../../components/task-form'
import { useAction } from '../../hooks/useAction'
import { useDraft } from '../../hooks/useDraft'
import { currentUser } from '../../services/session'
import { submitReport } from '../../services/tasks'
import { PAGES } from '../../shell/navigation'

type ReportKind = 'self_handled' | 'direct'

interface ReportDraft extends DisputeDraft {
  kind: ReportKind
  handlingNote: string
  parties: PartyDraft[]
  photos: UploadedPhoto[]
  location: LocationValue | null
}

const BLANK: ReportDraft = {
  kind: 'self_handled',
  title: '',
  category: '',
  riskColour: 'green',
  description: '',
  handlingNote: '',
  parties: [],
  photos: [],
  location: null,
}

const KINDS = [
  { value: 'self_handled' as const, label: '自处理上报' },
  { value: 'direct' as const, label: '直接上报' },
]

/**
 * 上报: 自处理上报 (I already fixed it on the spot → it goes to review) or 直接上报 (for the centre to handle).
 * The draft survives a reload or a lost signal.
 */
function ReportForm() {
  const user = currentUser()!
  const [d, set, clear, restored, requestId] = useDraft<ReportDraft>('report', BLANK)
  const [uploading, setUploading] = useState(false)
  const [formError, setFormError] = useState<string | null>(null)
  const send = useAction(
    () =>
      submitReport({
        kind: d.kind,
        ...disputeBody(d),
        parties: partiesForApi(d.parties),
        photos: d.photos.map((p) => p.id),
        ...(d.location ? { location: d.location } : {}),
        ...(d.kind === 'self_handled' ? { handlingNote: d.handlingNote.trim() } : {}),
        requestId: requestId(),
      }),
    { success: d.kind === 'self_handled' ? '已上报，等待验收' : '已上报社治中心' },
  )

  const submit = async () => {
    const missing = disputeProblem(d) ?? (d.kind === 'self_handled' && !d.handlingNote.trim() ? '请填写处置情况' : uploading ? '照片还在上传，请稍候' : null)
    setFormError(missing)
    if (missing) return
    openSent(await send.run(), clear)
  }

  return (
    <View className='with-bottom-bar'>
      <View className='card'>
        <Chips options={KINDS} value={d.kind} onChange={(kind) => set({ kind })} />
        <Text className='field__hint'>
          {d.kind === 'self_handled' ? '现场已处置完毕的事项，上报后直接进入验收。' : '需要社治中心或部门处理的事项，上报后由社治中心分拨。'} 属地：
          {user.territory.name}
        </Text>
      </View>
      {restored && <Text className='restored-note'>已恢复上次未提交的内容</Text>}
      <View className='card'>
        <DisputeFields d={d} set={set} placeholders={{ title: '一句话说明事项，如：楼道堆物引发邻里争吵', description: '时间、地点、经过、涉及人员' }} />
        {d.kind === 'self_handled' && (
          <Field label='处置情况' required>
            <TextArea name='handlingNote' value={d.handlingNote} onChange={(handlingNote) => set({ handlingNote })} placeholder='现场做了什么，结果如何' />
          </Field>
        )}
        <Field label='当事人'>
          <PartiesEditor value={d.parties} onChange={(parties) => set({ parties })} />
        </Field>
        <Field label='现场照片' hint='最多 9 张，选好后自动上传'>
          <PhotoPicker value={d.photos} onChange={(photos) => set({ photos })} onBusyChange={setUploading} />
        </Field>
        <Field label='现场定位'>
          <LocationField value={d.location} onChange={(location) => set({ location })} territory={user.territory} />
        </Field>
        {(formError || send.error) && <Text className='error-text'>{formError ?? send.error}</Text>}
      </View>
      <View className='bottom-bar bottom-bar--above-tabs'>
        <View className='bottom-bar__inner'>
          <ActionButton kind='primary' busy={send.busy} disabled={uploading} onClick={() => void submit()}>
            {d.kind === 'self_handled' ? '提交自处理上报' : '提交直接上报'}
          </ActionButton>
        </View>
      </View>
    </View>
  )
}

export default function ReportPage() {
  return (
    <PageShell tab={PAGES.report}>
      <ReportForm />
    </PageShell>
  )
}
