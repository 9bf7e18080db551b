import type { AddressPreviewView, IntakeRecordDetailView } from '@jqtb/shared/src/intake'
import { WINDOW_DESKS, WINDOW_FORMS } from '@jqtb/shared/src/intake/schemas'
import type { StaffPublicCaseView } from '@jqtb/shared/src/public/dto'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { ActionButton } from '../../../components/action-button'
import { Chips, Field, TextArea, TextInput } from '../../../components/form-fields'
import { PageShell } from '../../../components/page-shell'
import { ErrorState, Loading } from '../../../components/states'
import { useAction } from '../../../hooks/useAction'
import { useDraft } from '../../../hooks/useDraft'
import { useLoad } from '../../../hooks/useLoad'
import { getTaxonomy, previewAddress, registerWindow } from '../../../services/intake'
import { acceptPublicCase, lookupPublicCase } from '../../../services/public-cases'
import { getTerritoryChildren } from '../../../services/reference'
import { currentUser } from '../../../services/session'
import { taskUrl } from '../../../shell/navigation'
import { Confidence, recordUrl, TaxonomyPicker } from '../parts'
import './index.scss'

interface WindowDraft {
  form: (typeof WINDOW_FORMS)[number]
  desk: (typeof WINDOW_DESKS)[number]
  visitorName: string
  visitorPhone: string
  visitorIdNo: string
  otherPartyName: string
  address: string
  category: string
  content: string
}

const BLANK: WindowDraft = {
  form: '来访',
  desk: '人民调解',
  visitorName: '',
  visitorPhone: '',
  visitorIdNo: '',
  otherPartyName: '',
  address: '',
  category: '',
  content: '',
}

/** What the address will resolve to, as the person types (asked half a second after the last key). */
function AddressPreview({ address }: { address: string }) {
  const [view, setView] = useState<AddressPreviewView | null>(null)
  const latest = useRef(0)
  useEffect(() => {
    const text = address.trim()
    if (text.length < 3) {
      setView(null)
      return
    }
    const mine = ++latest.current
    const timer = setTimeout(() => {
      previewAddress(text).then(
        (v) => mine === latest.current && setView(v),
        () => mine === latest.current && setView(null),
      )
    }, 500)
    return () => clearTimeout(timer)
  }, [address])
  if (!view) return null
  return (
    <View className='window-preview' aria-live='polite'>
      {view.micro ? (
        <View className='intake-line'>
          <Text className='intake-line__value'>属地：{view.micro.name}</Text>
          <Confidence confident={view.confident} confidence={view.confidence} />
        </View>
      ) : (
        <Text>地址中没有识别出本街道的地名，登记后由社治中心人工指定属地</Text>
      )}
      {!view.confident && view.candidates.length > 1 && (
        <Text className='faint'>
          可能是：
          {view.candidates
            .slice(0, 3)
            .map((c) => c.name)
            .join('、')}
          （可补充幢号、门牌或组）
        </Text>
      )}
    </View>
  )
}

/** 属地 for a case at the desk: the street's communities (and the whole street) as plain chips. */
function CommunityPicker({ street, value, onChange }: { street: string; value: string; onChange: (code: string) => void }) {
  const communities = useLoad(() => getTerritoryChildren(street), street)
  if (communities.error) return <ErrorState message={communities.error} onRetry={() => void communities.reload()} />
  if (!communities.data) return <Loading />
  const options = [{ value: street, label: '全街道' }, ...communities.data.map((c) => ({ value: c.code, label: c.name }))]
  return <Chips options={options} value={value} onChange={onChange} />
}

/** 案件码查询: a citizen shows the case code (or its QR) from the public page; the desk opens the case and accepts it. */
function CaseCodeLookup() {
  const user = currentUser()!
  const street = user.territory.code.split('-')[0]
  // the desk person's own territory, at community level (a centre person's is the whole street)
  const own = user.territory.code.split('-').slice(0, 2).join('-')
  const [code, setCode] = useState('')
  const [found, setFound] = useState<StaffPublicCaseView | null>(null)
  const [choosing, setChoosing] = useState(false)
  const [territory, setTerritory] = useState(own)
  const find = useAction(() => lookupPublicCase(code))
  const accept = useAction(() => acceptPublicCase(found?.code ?? '', choosing ? territory : undefined), { success: '已受理' })
  const search = async () => {
    setFound(null)
    const res = await find.run()
    if (!res) return
    setFound(res)
    // a place intake could not pin needs the desk to name the territory; otherwise it may change it
    setChoosing(!res.territory && !res.taskId)
    setTerritory(own)
  }
  const open = async () => {
    const res = found?.taskId ? { taskId: found.taskId } : await accept.run()
    if (res) void Taro.navigateTo({ url: taskUrl(res.taskId) })
  }
  return (
    <View className='card'>
      <Field label='案件码查询' hint='群众在手机上提交后得到的 GZ 开头 10 位码；扫码枪扫二维码也会填到这里'>
        <TextInput name='caseCode' value={code} onChange={setCode} placeholder='如 GZ7K3MX9QA' maxLength={20} />
      </Field>
      <ActionButton busy={find.busy} onClick={() => void search()}>
        查询
      </ActionButton>
      {find.error && <Text className='error-text'>{find.error}</Text>}
      {found && (
        <View className='window-preview' aria-live='polite'>
          <View>
            <Text className='intake-line__value'>
              {found.code} · {found.milestoneLabel} · {found.categoryLabel}
            </Text>
          </View>
          <View>
            <Text>{found.content}</Text>
          </View>
          <View>
            <Text className='faint'>
              {found.place} · {found.citizenName ?? '群众'} {found.citizenPhoneMasked}
            </Text>
          </View>
          {!found.taskId && (
            <View className='window-territory'>
              {choosing ? (
                <Field
                  label='属地'
                  required
                  hint={found.territory ? `按地点自动确定为 ${found.territory.name}；选一个村社则派到那里` : '群众填写的地点没能确定到村社，请和群众核实后选择'}
                >
                  <CommunityPicker street={street} value={territory} onChange={setTerritory} />
                  {found.territory && (
                    <ActionButton small kind='ghost' onClick={() => setChoosing(false)}>
                      按地点自动确定
                    </ActionButton>
                  )}
                </Field>
              ) : (
                <View className='intake-line'>
                  <Text className='intake-line__value'>属地：{found.territory?.name}（按地点自动确定）</Text>
                  <ActionButton small onClick={() => setChoosing(true)}>
                    改属地
                  </ActionButton>
                </View>
              )}
            </View>
          )}
          <View className='intake-actions'>
            <ActionButton kind='primary' busy={accept.busy} onClick={() => void open()}>
              {found.taskId ? '打开工单' : '受理并建工单'}
            </ActionButton>
            <ActionButton onClick={() => void Taro.navigateTo({ url: recordUrl(found.intakeKey) })}>查看渠道记录</ActionButton>
          </View>
          {accept.error && <Text className='error-text'>{accept.error}</Text>}
        </View>
      )}
    </View>
  )
}

/** 窗口登记: the reception desk registers a walk-in, a call or a letter; it goes in like any channel's record. */
function WindowForm() {
  const [d, set, clear, restored, requestId] = useDraft<WindowDraft>('intake-window', BLANK)
  const taxonomy = useLoad(getTaxonomy)
  const [problem, setProblem] = useState<string | null>(null)
  const [done, setDone] = useState<IntakeRecordDetailView | null>(null)
  const send = useAction(
    () =>
      registerWindow({
        requestId: requestId(),
        form: d.form,
        desk: d.desk,
        visitorName: d.visitorName.trim(),
        address: d.address.trim(),
        category: d.category,
        content: d.content.trim(),
        ...(d.visitorPhone.trim() ? { visitorPhone: d.visitorPhone.trim() } : {}),
        ...(d.visitorIdNo.trim() ? { visitorIdNo: d.visitorIdNo.trim() } : {}),
        ...(d.otherPartyName.trim() ? { otherPartyName: d.otherPartyName.trim() } : {}),
      }),
    { success: '已登记' },
  )

  const submit = async () => {
    const missing = !d.visitorName.trim()
      ? '请填写来访人姓名'
      : d.address.trim().length < 2
        ? '请填写事发地址'
        : !d.category
          ? '请选择纠纷类型'
          : d.content.trim().length < 2
            ? '请填写诉求内容'
            : null
    setProblem(missing)
    if (missing) return
    const res = await send.run()
    if (res) {
      setDone(res.record)
      clear()
    }
  }

  if (done) {
    return (
      <View className='card'>
        <Text className='page-title'>已登记</Text>
        <Text>
          登记编号 {done.sourceId}：{done.title}
        </Text>
        {done.warnings.length > 0 && <Text className='faint'>清洗提示：{done.warnings.map((w) => w.reason).join('；')}</Text>}
        <View className='intake-actions'>
          <ActionButton kind='primary' onClick={() => void Taro.redirectTo({ url: recordUrl(done.key) })}>
            查看登记
          </ActionButton>
          <ActionButton onClick={() => setDone(null)}>再登记一件</ActionButton>
        </View>
      </View>
    )
  }

  return (
    <View className='with-bottom-bar'>
      <Text className='page-title'>窗口登记</Text>
      <CaseCodeLookup />
      {restored && <Text className='restored-note'>已恢复上次未提交的登记</Text>}
      <View className='card'>
        <Field label='来访方式' required>
          <Chips options={WINDOW_FORMS.map((f) => ({ value: f, label: f }))} value={d.form} onChange={(form) => set({ form })} />
        </Field>
        <Field label='接待窗口' required>
          <Chips options={WINDOW_DESKS.map((f) => ({ value: f, label: f }))} value={d.desk} onChange={(desk) => set({ desk })} />
        </Field>
      </View>
      <View className='card'>
        <Field label='来访人' required>
          <TextInput name='visitorName' value={d.visitorName} onChange={(visitorName) => set({ visitorName })} placeholder='姓名' maxLength={40} />
        </Field>
        <Field label='联系电话' hint='手机或固话均可，本地号码可不加区号'>
          <TextInput
            name='visitorPhone'
            value={d.visitorPhone}
            onChange={(visitorPhone) => set({ visitorPhone })}
            placeholder='如 138 0574 0101'
            maxLength={40}
          />
        </Field>
        <Field label='身份证号' hint='加密保存，只显示前后四位'>
          <TextInput name='visitorIdNo' value={d.visitorIdNo} onChange={(visitorIdNo) => set({ visitorIdNo })} placeholder='18 位' maxLength={24} />
        </Field>
        <Field label='对方当事人'>
          <TextInput
            name='otherPartyName'
            value={d.otherPartyName}
            onChange={(otherPartyName) => set({ otherPartyName })}
            placeholder='姓名或单位'
            maxLength={40}
          />
        </Field>
      </View>
      <View className='card'>
        <Field label='事发地址' required hint='写到小区幢号、门牌号或村民小组，属地才能自动确定'>
          <TextInput
            name='address'
            value={d.address}
            onChange={(address) => set({ address })}
            placeholder='如 新城花苑5幢2单元、丰园村5组12号'
            maxLength={200}
          />
          <AddressPreview address={d.address} />
        </Field>
        <Field label='纠纷类型' required>
          {taxonomy.data ? (
            <TaxonomyPicker nodes={taxonomy.data.items} value={d.category} onChange={(category) => set({ category })} />
          ) : taxonomy.error ? (
            <ErrorState message={taxonomy.error} onRetry={() => void taxonomy.reload()} />
          ) : (
            <Loading />
          )}
        </Field>
        <Field label='诉求内容' required>
          <TextArea name='content' value={d.content} onChange={(content) => set({ content })} placeholder='来访人反映的情况和诉求' maxLength={2000} />
        </Field>
      </View>
      <View className='bottom-bar'>
        {(problem || send.error) && <Text className='error-text'>{problem ?? send.error}</Text>}
        <ActionButton kind='primary' block busy={send.busy} onClick={() => void submit()}>
          登记
        </ActionButton>
      </View>
    </View>
  )
}

export default function WindowPage() {
  return (
    <PageShell>
      <WindowForm />
    </PageShell>
  )
}
