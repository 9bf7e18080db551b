import { HANDLER_LABELS, HANDLERS, type Handler, type RoutingRow } from '@jqtb/shared/src/intake/routing'
import { CLAIM_MODE_LABELS, CLAIM_MODES, type ClaimMode, TASK_TIER_LABELS, TASK_TIERS, type TaskTier } from '@jqtb/shared/src/tasks/constants'
import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { ActionButton } from '../../../components/action-button'
import { Chips, Field, TextInput } from '../../../components/form-fields'
import { PageShell } from '../../../components/page-shell'
import { ErrorState, Loading } from '../../../components/states'
import { useLoad } from '../../../hooks/useLoad'
import { getRouting, routingHistory, saveRouting } from '../../../services/leads'
import { getDepartments } from '../../../services/reference'
import { currentUser } from '../../../services/session'
import { formatTime } from '../parts'
import '../parts.scss'
import './index.scss'

type Row = RoutingRow & { path: string }

const YES_NO = [
  { value: 'yes', label: '自动转单分拨' },
  { value: 'no', label: '等人研判' },
] as const

function RowEditor({ row, departments, onChange }: { row: Row; departments: Array<{ code: string; name: string }>; onChange: (r: Row) => void }) {
  return (
    <View className='routing-row__edit'>
      <Field label='首先由谁办'>
        <Chips<Handler>
          options={HANDLERS.map((h) => ({ value: h, label: HANDLER_LABELS[h] }))}
          value={row.handler}
          onChange={(handler) => onChange({ ...row, handler })}
        />
      </Field>
      <Field label='责任部门' hint={row.handler === 'department' ? '分拨给该部门签收' : '村社/网格办不了时，由该部门负责'}>
        <Chips
          options={departments.map((d) => ({ value: d.code, label: d.name }))}
          value={row.department}
          onChange={(department) => onChange({ ...row, department })}
        />
      </Field>
      <Field label='默认层级'>
        <Chips<TaskTier>
          options={TASK_TIERS.map((t) => ({ value: t, label: TASK_TIER_LABELS[t] }))}
          value={row.tier}
          onChange={(tier) => onChange({ ...row, tier })}
        />
      </Field>
      <Field label='默认认领方式'>
        <Chips<ClaimMode>
          options={CLAIM_MODES.map((m) => ({ value: m, label: CLAIM_MODE_LABELS[m] }))}
          value={row.claimMode}
          onChange={(claimMode) => onChange({ ...row, claimMode })}
        />
      </Field>
      <Field label='把握足够时'>
        <Chips options={[...YES_NO]} value={row.auto ? 'yes' : 'no'} onChange={(v) => onChange({ ...row, auto: v === 'yes' })} />
      </Field>
    </View>
  )
}

/** 分拨规则: which kind of dispute goes to whom, admin-edited as a form; every save is a version. */
function Routing() {
  const admin = currentUser()!.roles.includes('admin')
  const table = useLoad(getRouting)
  const history = useLoad(routingHistory)
  const depts = useLoad(getDepartments)
  const [rows, setRows] = useState<Row[]>([])
  const [threshold, setThreshold] = useState('')
  const [note, setNote] = useState('')
  const [open, setOpen] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)

  useEffect(() => {
    if (!table.data) return
    setRows(table.data.rows.map((r) => ({ ...r, path: r.categoryPath, tier: r.tier as TaskTier, claimMode: r.claimMode as ClaimMode })))
    setThreshold(String(Math.round(table.data.autoConvertAbove * 100)))
  }, [table.data])

  if (table.loading && !table.data) return <Loading />
  if (table.error && !table.data) return <ErrorState message={table.error} onRetry={() => void table.reload()} />
  if (!table.data) return null
  const t = table.data
  const departments = depts.data ?? []
  const deptName = (code: string) => departments.find((d) => d.code === code)?.name ?? code
  const pct = Number(threshold)
  const badThreshold = !/^\d{2,3}$/.test(threshold) || pct < 50 || pct > 101

  const save = async () => {
    setBusy(true)
    setMessage(null)
    try {
      const saved = await saveRouting({
        baseVersion: t.version,
        rows: rows.map((r) => ({ category: r.category, handler: r.handler, department: r.department, tier: r.tier, claimMode: r.claimMode, auto: r.auto })),
        autoConvertAbove: pct / 100,
        ...(note.trim() ? { note: note.trim() } : {}),
      })
      table.setData(saved)
      setNote('')
      setOpen(null)
      setMessage({ ok: true, text: `已保存为第 ${saved.version} 版，新来的线索按新规则分拨` })
      void history.reload()
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message })
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='routing'>
      <Text className='page-title'>分拨规则</Text>
      <Text className='muted'>
        第 {t.version} 版{t.updatedBy ? ` · ${t.updatedBy} 于 ${formatTime(t.updatedAt!)} 保存` : ' · 系统默认'}
        {admin ? '' : ' · 只有管理员可以修改'}
      </Text>
      <View className='card'>
        <Field
          label='自动转单的把握门槛（%）'
          hint='研判建议的把握达到此值、且该类规则允许时，线索自动转为工单并分拨；101 = 从不自动'
          error={admin && badThreshold ? '请填 50–101 之间的整数' : null}
        >
          {admin ? <TextInput type='number' value={threshold} onChange={setThreshold} maxLength={3} /> : <Text>{threshold}</Text>}
        </Field>
      </View>
      {rows.map((r, i) => (
        <View key={r.category} className='card routing-row'>
          <View className='routing-row__head'>
            <Text className='routing-row__title'>{r.path}</Text>
            {admin && (
              <ActionButton small kind='ghost' onClick={() => setOpen(open === r.category ? null : r.category)}>
                {open === r.category ? '收起' : '修改'}
              </ActionButton>
            )}
          </View>
          <Text className='routing-row__summary'>
            {HANDLER_LABELS[r.handler]}
            {r.handler === 'department' ? ` · ${deptName(r.department)}` : `（责任部门 ${deptName(r.department)}）`} · {TASK_TIER_LABELS[r.tier]} ·{' '}
            {CLAIM_MODE_LABELS[r.claimMode]} · {r.auto ? '可自动分拨' : '人工研判'}
          </Text>
          {open === r.category && <RowEditor row={r} departments={departments} onChange={(next) => setRows(rows.map((x, j) => (j === i ? next : x)))} />}
        </View>
      ))}
      {admin && (
        <View className='card routing-save'>
          <Field label='修改说明'>
            <TextInput value={note} onChange={setNote} maxLength={200} placeholder='如：噪音扰民改由社区先办' />
          </Field>
          {message && (
            <View className={message.ok ? 'ok-text' : 'error-text'} role={message.ok ? 'status' : 'alert'}>
              {message.text}
            </View>
          )}
          <ActionButton kind='primary' block busy={busy} disabled={badThreshold} onClick={() => void save()}>
            保存为新版本
          </ActionButton>
        </View>
      )}
      <View className='section-title'>历史版本</View>
      <View className='card'>
        {(history.data ?? []).map((h) => (
          <View key={h.version} className='kv'>
            <Text className='kv__k'>第 {h.version} 版</Text>
            <Text className='kv__v'>
              {h.by}
              {h.at ? ` · ${formatTime(h.at)}` : ''}
              {h.note ? ` · ${h.note}` : ''}
            </Text>
          </View>
        ))}
      </View>
    </View>
  )
}

export default function RoutingPage() {
  return (
    <PageShell>
      <Routing />
    </PageShell>
  )
}
