import { CHANNELS, type ChannelCode, type ImportView } from '@jqtb/shared/src/intake'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { ActionButton } from '../../../components/action-button'
import { Chips, Field } from '../../../components/form-fields'
import { PageShell } from '../../../components/page-shell'
import { EmptyState } from '../../../components/states'
import { useAction } from '../../../hooks/useAction'
import { canImportFiles, commitImport, downloadErrorSheet, getImport, pickFile, uploadImport } from '../../../services/intake'
import { formatTime, INTAKE_PAGES } from '../parts'
import './index.scss'

const SYSTEM_CHANNELS = CHANNELS.filter((c) => c.push)
const ENCODINGS = [
  { value: 'auto', label: '自动识别' },
  { value: 'utf8', label: 'UTF-8' },
  { value: 'gbk', label: 'GBK' },
] as const

const running = (v: ImportView | null) => v?.state === 'analysing' || v?.state === 'committing'

function Progress({ percent, text }: { percent: number; text: string }) {
  return (
    <View aria-live='polite'>
      <View className='progress' role='progressbar' aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
        <View className='progress__bar' style={{ width: `${percent}%` }} />
      </View>
      <Text className='muted'>{text}</Text>
    </View>
  )
}

function Counts({ v }: { v: ImportView }) {
  const items =
    v.state === 'done' || v.state === 'committing'
      ? [
          ['新增', v.counts.created],
          ['更新（新版本）', v.counts.updated],
          ['无变化', v.counts.unchanged],
          ['未导入（有错误）', v.counts.rejected],
        ]
      : [
          ['共', v.counts.rows],
          ['可导入', v.counts.good],
          ['有错误', v.counts.bad],
          ['可导入但有提示', v.counts.warned],
        ]
  return (
    <View className='import-counts'>
      {items.map(([label, n]) => (
        <View key={label}>
          <Text className='import-counts__n'>{n}</Text>
          <Text className='faint'>{label}</Text>
        </View>
      ))}
    </View>
  )
}

/** The dry run's answer: how rows map, every problem by row and column, then 确认导入. */
function Result({ v, onCommit, committing }: { v: ImportView; onCommit: () => void; committing: boolean }) {
  const errors = v.problems.filter((p) => p.severity === 'error')
  const warnings = v.problems.filter((p) => p.severity === 'warning')
  return (
    <>
      <View className='card'>
        <View className='intake-line'>
          <Text className='intake-line__value'>
            {v.filename}（{v.encoding}，表头在第 {v.headerRow} 行）
          </Text>
          <Text className={`tag ${v.state === 'done' ? 'tag--green' : v.state === 'refused' || v.state === 'failed' ? 'tag--red' : 'tag--blue'}`}>
            {v.stateLabel}
          </Text>
        </View>
        {v.sameAs && <Text className='faint'>这个文件在 {formatTime(v.sameAs.createdAt)} 已导入过：再次导入不会重复入库，只会标为“无变化”。</Text>}
        <Counts v={v} />
        {v.state === 'ready' && (
          <ActionButton kind='primary' block busy={committing} disabled={!v.counts.good} onClick={onCommit}>
            {v.counts.good ? `确认导入 ${v.counts.good} 行${v.counts.bad ? `（跳过 ${v.counts.bad} 行有错误的）` : ''}` : '没有可导入的行'}
          </ActionButton>
        )}
        {v.state === 'failed' && v.header.length > 0 && (
          <ActionButton kind='primary' block busy={committing} onClick={onCommit}>
            继续导入（从中断处）
          </ActionButton>
        )}
        {v.errorSheetUrl && (
          <ActionButton block kind='ghost' onClick={() => void downloadErrorSheet(v)}>
            下载错误表（{v.counts.bad} 行，改好后可直接重新导入）
          </ActionButton>
        )}
        {v.state === 'done' && (
          <ActionButton block onClick={() => void Taro.redirectTo({ url: `${INTAKE_PAGES.records}` })}>
            查看渠道记录
          </ActionButton>
        )}
      </View>

      {v.sample.length > 0 && (
        <>
          <View className='section-title'>逐行映射（前 {Math.min(5, v.sample.length)} 行，号码已脱敏）</View>
          <View className='card'>
            {v.sample.slice(0, 5).map((s) => (
              <View key={s.row} className='mapping'>
                <Text className='muted'>
                  第 {s.row} 行 {s.result ? `→ ${s.result.title}` : '→ 不能导入'}
                </Text>
                {s.result && (
                  <Text className='faint'>
                    属地：{s.result.microName ?? '无法识别'}
                    {s.result.microName && !s.result.confident ? '（待确认）' : ''}
                  </Text>
                )}
                {s.mapped.map((m) => (
                  <View key={m.field} className='mapping__row'>
                    <Text className='mapping__field'>{m.fieldLabel}</Text>
                    <Text className='faint'>
                      「{m.column}」{m.value}
                    </Text>
                  </View>
                ))}
              </View>
            ))}
          </View>
        </>
      )}

      {errors.length > 0 && (
        <>
          <View className='section-title'>错误（这些行不会导入）</View>
          <View className='card'>
            {errors.slice(0, 50).map((p) => (
              <View key={`${p.row}-${p.field}-${p.reason}`} className='problem'>
                <Text className='problem__where'>
                  第 {p.row} 行 · {p.column}
                  {p.value ? `：${p.value}` : ''}
                </Text>
                <Text className='problem__reason'>{p.reason}</Text>
              </View>
            ))}
            {errors.length > 50 && <Text className='faint'>还有更多，见错误表</Text>}
          </View>
        </>
      )}
      {warnings.length > 0 && (
        <>
          <View className='section-title'>提示（会导入，字段已标注）</View>
          <View className='card'>
            {warnings.slice(0, 30).map((p) => (
              <View key={`${p.row}-${p.field}-${p.reason}`} className='problem'>
                <Text className='problem__where'>
                  第 {p.row} 行 · {p.column}
                  {p.value ? `：${p.value}` : ''}
                </Text>
                <Text className='problem__reason'>{p.reason}</Text>
              </View>
            ))}
          </View>
        </>
      )}
    </>
  )
}

/** 导入: pick the channel and the file → dry run with row-level problems → 确认导入 → error sheet. */
function Import() {
  const [channel, setChannel] = useState<ChannelCode>('110')
  const [encoding, setEncoding] = useState<'auto' | 'utf8' | 'gbk'>('auto')
  const [uploading, setUploading] = useState<number | null>(null)
  const [view, setView] = useState<ImportView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const spec = SYSTEM_CHANNELS.find((c) => c.code === channel)!

  // while it runs, ask for progress every second
  useEffect(() => {
    if (!view || !running(view)) return
    const timer = setTimeout(() => {
      getImport(view.id).then(setView, (e) => setError((e as Error).message))
    }, 1000)
    return () => clearTimeout(timer)
  }, [view])

  const choose = async () => {
    setError(null)
    const file = await pickFile()
    if (!file) return
    setUploading(0)
    try {
      setView(await uploadImport(file, channel, encoding, setUploading))
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setUploading(null)
    }
  }
  const commit = useAction(async () => setView(await commitImport(view!.id)))

  if (!canImportFiles()) {
    return <EmptyState title='请在电脑上导入' hint='导入渠道文件需要选择电脑上的 .xlsx / .csv 文件：请在钉钉电脑版工作台打开本应用，或用浏览器打开。' />
  }

  return (
    <View>
      <Text className='page-title'>导入渠道文件</Text>
      {!view || view.state === 'refused' ? (
        <View className='card'>
          <Field label='渠道' required>
            <Chips options={SYSTEM_CHANNELS.map((c) => ({ value: c.code, label: c.label }))} value={channel} onChange={setChannel} />
          </Field>
          <Field label='文件编码' hint='.csv 才需要；Excel 另存的 CSV 多为 GBK，“自动识别”即可'>
            <Chips options={ENCODINGS} value={encoding} onChange={setEncoding} />
          </Field>
          <Field label={`${spec.label} 导出表的列`} hint='列名可以不同：管理员可在渠道配置里添加别名'>
            <View className='import-columns'>
              {spec.fields.map((f) => (
                <Text key={f.column} className={`tag${f.required ? ' tag--blue' : ''}`}>
                  {f.column}
                </Text>
              ))}
            </View>
          </Field>
          {view?.state === 'refused' && (
            <View className='problem'>
              <Text className='problem__where'>{view.filename}：无法导入</Text>
              <Text className='problem__reason'>{view.refusal?.message}</Text>
            </View>
          )}
          {error && <Text className='error-text'>{error}</Text>}
          {uploading !== null ? (
            <Progress percent={uploading} text={`正在上传 ${uploading}%`} />
          ) : (
            <ActionButton kind='primary' block onClick={() => void choose()}>
              选择 .xlsx / .csv 文件（≤ 50 MB）
            </ActionButton>
          )}
        </View>
      ) : running(view) ? (
        <View className='card'>
          <Text>
            {view.filename} · {view.stateLabel}
          </Text>
          <Progress
            percent={view.progress.percent}
            text={view.state === 'analysing' ? `预检中：已读 ${view.progress.rows} 行（不会入库）` : `导入中：已处理 ${view.progress.rows} 行`}
          />
        </View>
      ) : (
        <>
          <Result v={view} onCommit={() => void commit.run()} committing={commit.busy} />
          <View className='intake-actions'>
            <ActionButton onClick={() => setView(null)}>导入另一个文件</ActionButton>
          </View>
        </>
      )}
    </View>
  )
}

export default function ImportPage() {
  return (
    <PageShell>
      <Import />
    </PageShell>
  )
}
