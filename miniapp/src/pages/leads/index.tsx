import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ActionButton } from '../../components/action-button'
import { FilterBar } from '../../components/filter-bar'
import { Field, TextArea } from '../../components/form-fields'
import { PageShell } from '../../components/page-shell'
import { Sheet } from '../../components/sheet'
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states'
import { useLoad } from '../../hooks/useLoad'
import { usePagedList } from '../../hooks/usePagedList'
import { bulkLeads, type LeadQueue, leadCounts, listLeads } from '../../services/leads'
import { currentUser } from '../../services/session'
import { INTAKE_PAGES } from '../intake/parts'
import { LEAD_PAGES, LeadCard } from './parts'
import './index.scss'

const QUEUES: Array<{ value: LeadQueue; label: string }> = [
  { value: 'inbox', label: '待研判' },
  { value: 'red', label: '红色预警' },
  { value: 'repeat', label: '重复来件' },
  { value: 'police', label: '涉警' },
  { value: 'decided', label: '已处理' },
]

type BulkAction = 'convert' | 'refuse' | 'resolve'
const BULK_LABEL: Record<BulkAction, string> = { convert: '转为工单', refuse: '不予受理', resolve: '已化解' }

/** 研判: the leads waiting for the centre, each with every channel's records, repeats and the suggestion. */
function Inbox() {
  const user = currentUser()!
  const [queue, setQueue] = useState<LeadQueue>('inbox')
  const [q, setQ] = useState<string | undefined>()
  const [picked, setPicked] = useState<string[]>([])
  const [bulk, setBulk] = useState<BulkAction | null>(null)
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)
  // the search was a record's number (a case code, a 警情编号 …): the leads holding it, in any state
  const [byRecord, setByRecord] = useState(false)
  const key = JSON.stringify({ queue, q })
  const list = usePagedList(
    async (c) => {
      const page = await listLeads(queue, q, c)
      if (!c) setByRecord(Boolean(page.byRecord))
      return page
    },
    key,
    `leads:${user.id}`,
  )
  const counts = useLoad(leadCounts, key)
  const open = queue !== 'decided'
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]))

  const runBulk = async () => {
    if (!bulk) return
    setBusy(true)
    setNotice(null)
    try {
      const { results } = await bulkLeads(bulk, picked, bulk === 'convert' ? undefined : reason.trim())
      const failed = results.filter((r) => !r.ok)
      setNotice(
        `${BULK_LABEL[bulk]}：成功 ${results.length - failed.length} 条${failed.length ? `；未处理 ${failed.length} 条（${failed.map((f) => `${f.leadId} ${f.message}`).join('；')}）` : ''}，已移到「已处理」`,
      )
      setPicked([])
      setBulk(null)
      setReason('')
      await Promise.all([list.refresh(), counts.reload()])
    } catch (e) {
      setNotice((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const c = counts.data
  return (
    <View className='leads'>
      <FilterBar
        title='研判'
        subtitle='同一事件合为一条线索，重复来件标出次数'
        options={QUEUES.map((x) => ({ ...x, ...(c ? { count: c[x.value] } : {}) }))}
        value={queue}
        onChange={(v) => {
          setQueue(v as LeadQueue)
          setPicked([])
        }}
        onSearch={(s) => setQ(s || undefined)}
        search={q}
        searchPlaceholder='标题、线索编号、案件码或来件编号'
      />
      <View className='leads-bar'>
        <ActionButton small onClick={() => void Taro.navigateTo({ url: INTAKE_PAGES.records })}>
          渠道归集（原始来件）
        </ActionButton>
        <ActionButton small onClick={() => void Taro.navigateTo({ url: LEAD_PAGES.routing })}>
          分拨规则
        </ActionButton>
      </View>
      {q && byRecord && list.items.length > 0 && (
        <View className='card leads-notice' role='status'>
          <Text>按编号「{q}」找到来件所在的线索（不论是否已处理）。</Text>
        </View>
      )}
      {notice && (
        <View className='card leads-notice' role='status'>
          <Text>{notice}</Text>
        </View>
      )}
      {list.loading && list.items.length === 0 ? (
        <ListSkeleton />
      ) : list.error && list.items.length === 0 ? (
        <ErrorState message={list.error} onRetry={() => void list.refresh()} />
      ) : list.items.length === 0 ? (
        <EmptyState
          title={open ? '没有待研判的线索' : '还没有已处理的线索'}
          hint={q ? '没有标题或编号对得上的线索：案件码（GZ 开头）、警情编号、工单编号请输全，或换个关键词' : '渠道来件会自动归集到这里'}
        >
          {q && (
            <ActionButton small kind='ghost' onClick={() => setQ(undefined)}>
              清除搜索
            </ActionButton>
          )}
        </EmptyState>
      ) : (
        <View>
          {list.items.map((l) => (
            <LeadCard key={l.id} lead={l} {...(open && l.state === 'new' ? { selected: picked.includes(l.id), onToggle: () => toggle(l.id) } : {})} />
          ))}
          {list.nextCursor && (
            <View className='leads-more'>
              <ActionButton small busy={list.loadingMore} onClick={() => void list.loadMore()}>
                加载更多
              </ActionButton>
            </View>
          )}
        </View>
      )}
      {picked.length > 0 && (
        <View className='leads-bulk'>
          <Text>已选 {picked.length} 条</Text>
          <ActionButton small kind='primary' onClick={() => setBulk('convert')}>
            批量转为工单
          </ActionButton>
          <ActionButton small onClick={() => setBulk('refuse')}>
            批量不予受理
          </ActionButton>
          <ActionButton small onClick={() => setBulk('resolve')}>
            批量已化解
          </ActionButton>
          <ActionButton small kind='ghost' onClick={() => setPicked([])}>
            取消选择
          </ActionButton>
        </View>
      )}
      <Sheet
        title={bulk ? `批量${BULK_LABEL[bulk]}（${picked.length} 条）` : ''}
        open={bulk !== null}
        onClose={() => setBulk(null)}
        notice={
          bulk && bulk !== 'convert' && reason.trim().length < 2
            ? bulk === 'refuse'
              ? '请填写理由（至少 2 个字），来源渠道和上报的群众会收到'
              : '请填写理由（至少 2 个字），来源渠道会收到'
            : undefined
        }
        footer={
          <ActionButton kind='primary' block busy={busy} disabled={bulk !== 'convert' && reason.trim().length < 2} onClick={() => void runBulk()}>
            确定{bulk ? BULK_LABEL[bulk] : ''}
          </ActionButton>
        }
      >
        {bulk === 'convert' ? (
          <Text>按各线索的建议（分类、属地、部门）立即生成工单，并按分拨规则分拨；无法确定属地的线索会留下并说明原因。</Text>
        ) : (
          <Field label='理由' required>
            <TextArea value={reason} onChange={setReason} maxLength={500} placeholder='如：双方已自行和解' />
          </Field>
        )}
      </Sheet>
    </View>
  )
}

export default function LeadsPage() {
  return (
    <PageShell>
      <Inbox />
    </PageShell>
  )
}
