import type { DashboardView, IndexRowView, LiveView } from '@jqtb/shared/src/indices/dto'
import type { IndexId } from '@jqtb/shared/src/indices/formulas'
import { nextPeriodOf, PERIOD_LEVEL_LABELS, PERIOD_LEVELS, type PeriodLevel, periodKeyAt, previousPeriodOf } from '@jqtb/shared/src/indices/periods'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { AS_BUTTON } from '../../components/a11y'
import { ActionButton } from '../../components/action-button'
import { PageShell } from '../../components/page-shell'
import { ErrorState, Loading } from '../../components/states'
import { useAction } from '../../hooks/useAction'
import { casesUrl, dashboard, downloadMonthlyReport, liveLists } from '../../services/indices'
import { Chart, type ChartOption } from './chart'
import { IndexCard, League, LiveList } from './parts'
import './index.scss'

/** The live lists refresh this often (≤ 30 s), without reloading the page. */
const LIVE_MS = 20_000
/** The numbers refresh this often (the rebuild job runs every 10 s). */
const NUMBERS_MS = 60_000

const open = (url: string) => void Taro.navigateTo({ url })

/** Red for worse, green for better: the heat colour runs from the good end to the bad end of the picked index. */
const HEAT = ['#1a7f37', '#9bd0a6', '#f2e6a0', '#f5a26b', '#c4271e']

function Board() {
  const router = useRouter()
  const [level, setLevel] = useState<PeriodLevel>((router.params.level as PeriodLevel) || 'month')
  const [period, setPeriod] = useState<string | undefined>(router.params.period || undefined)
  const [scope] = useState<string | undefined>(router.params.scope || undefined)
  const [view, setView] = useState<DashboardView | null>(null)
  const [live, setLive] = useState<LiveView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [heatBy, setHeatBy] = useState<IndexId>('closeRate')
  const [trendOf, setTrendOf] = useState<IndexId>('received')

  const load = useCallback(async () => {
    try {
      const v = await dashboard({ period, level, scope })
      setView(v)
      setError(null)
    } catch (e) {
      setError((e as Error).message)
    }
  }, [period, level, scope])
  const loadLive = useCallback(async () => {
    try {
      setLive(await liveLists(scope))
    } catch {
      // the lists keep their last answer; the next round tries again
    }
  }, [scope])

  useEffect(() => {
    void load()
    const t = setInterval(() => void load(), NUMBERS_MS)
    return () => clearInterval(t)
  }, [load])
  useEffect(() => {
    void loadLive()
    const t = setInterval(() => void loadLive(), LIVE_MS)
    return () => clearInterval(t)
  }, [loadLive])

  const exportReport = useAction(() => downloadMonthlyReport(view ? periodKeyAt(Date.parse(view.period.start), 'month') : periodKeyAt(Date.now(), 'month')), {
    success: '月报已下载',
  })

  const labels = useMemo(() => Object.fromEntries((view?.cards ?? []).map((c) => [c.id, c.label])) as Record<string, string>, [view])
  const scopeKey = view ? `${view.scope.dim}:${view.scope.key}` : ''
  const drill = (target: string, s = scopeKey) => view && open(casesUrl(view.period.key, s, target))

  const options = useMemo(() => (view ? chartOptions(view, heatBy, trendOf, labels) : null), [view, heatBy, trendOf, labels])

  if (error && !view) return <ErrorState message={error} onRetry={() => void load()} />
  if (!view || !options) return <Loading text='正在加载一屏掌控…' />

  const step = (dir: -1 | 1) => setPeriod(dir < 0 ? previousPeriodOf(view.period.key) : nextPeriodOf(view.period.key))
  const rowOpen = (dim: 'community' | 'department' | 'grid') => (r: IndexRowView, id: IndexId) => drill(id, `${dim}:${r.code}`)
  const leagueIds: IndexId[] = ['received', 'closeRate', 'onTimeRate', 'overdue', 'avgCloseTime', 'bounceRate', 'red']
  const heatIds = view.rowIndices.filter((id) =>
    ['closeRate', 'onTimeRate', 'overdue', 'overdueOpen', 'received', 'red', 'bounceRate', 'avgCloseTime', 'repeatRate', 'mediationRate'].includes(id),
  )

  return (
    <View className='dash'>
      <View className='dash-head'>
        <View className='dash-head__title'>
          <Text className='dash-head__name'>一屏掌控 · {view.scope.name}</Text>
          <Text className='dash-head__asof'>
            数据截至 {fmtTime(view.asOf)}
            {view.builtAt ? `（统计更新于 ${fmtTime(view.builtAt)}）` : '（尚无统计）'}
            {error ? ' · 刷新失败，显示上次数据' : ''}
          </Text>
        </View>
        <View className='dash-head__tools'>
          {PERIOD_LEVELS.map((l) => (
            <Text
              key={l}
              className={`dash-chip${l === view.period.level ? ' dash-chip--on' : ''}`}
              {...AS_BUTTON}
              aria-pressed={l === view.period.level}
              onClick={() => {
                setLevel(l)
                setPeriod(undefined)
              }}
            >
              {PERIOD_LEVEL_LABELS[l]}
            </Text>
          ))}
          <Text className='dash-chip' {...AS_BUTTON} aria-label='上一期' onClick={() => step(-1)}>
            ‹ 上一期
          </Text>
          <Text className='dash-head__period'>{view.period.label}</Text>
          <Text className='dash-chip' {...AS_BUTTON} aria-label='下一期' onClick={() => step(1)}>
            下一期 ›
          </Text>
          <ActionButton onClick={() => void exportReport.run()} busy={exportReport.busy}>
            导出月报
          </ActionButton>
        </View>
      </View>

      <View className='dash-cards'>
        {view.cards.map((c) => (
          <IndexCard key={c.id} card={c} onOpen={() => drill(c.id)} />
        ))}
      </View>

      <View className='dash-grid'>
        <View className='dash-panel'>
          <Text className='dash-panel__title'>办理漏斗（本期受理）</Text>
          <Chart
            height={260}
            label='办理漏斗'
            option={options.funnel}
            onClick={(p) => {
              const s = view.funnel[p.dataIndex]
              if (s) drill(s.target)
            }}
          />
          <View className='dash-funnel'>
            {view.funnel.map((s) => (
              <Text key={s.target} className='dash-funnel__step dash-link' {...AS_BUTTON} onClick={() => drill(s.target)}>
                {s.label} {s.count}
              </Text>
            ))}
          </View>
        </View>

        <View className='dash-panel dash-panel--trend'>
          <View className='dash-panel__bar'>
            <Text className='dash-panel__title'>近 12 个月趋势</Text>
            <Picker
              ids={['received', 'closed', 'closeRate', 'onTimeRate', 'overdue', 'avgCloseTime', 'red', 'bounceRate']}
              value={trendOf}
              labels={labels}
              onPick={setTrendOf}
            />
          </View>
          <Chart
            height={300}
            label={`${labels[trendOf]}近 12 个月趋势`}
            option={options.trend}
            onClick={(p) => {
              const m = view.trend.periods[p.dataIndex]
              if (m) open(casesUrl(m.key, scopeKey, trendOf))
            }}
          />
        </View>

        <View className='dash-panel dash-panel--wide'>
          <View className='dash-panel__bar'>
            <Text className='dash-panel__title'>村社区与网格（面积：受理量；颜色：{labels[heatBy]}）</Text>
            <Picker ids={heatIds} value={heatBy} labels={labels} onPick={setHeatBy} />
          </View>
          <Chart
            height={420}
            label={`村社区与网格热力，按${labels[heatBy]}着色`}
            option={options.heat}
            onClick={(p) => {
              const code = p.data?.code as string | undefined
              if (!code) return
              drill(heatBy, `${code.split('-').length >= 3 ? 'grid' : 'community'}:${code}`)
            }}
          />
        </View>

        <View className='dash-col'>
          <LiveList title='红色预警（未办结）' total={live?.red.total ?? 0} items={live?.red.items ?? []} empty={live ? '没有未办结的红色预警' : '加载中…'} />
          <LiveList title='超期工单' total={live?.overdue.total ?? 0} items={live?.overdue.items ?? []} empty={live ? '没有超期工单' : '加载中…'} />
          {live && <Text className='dash-head__asof'>每 20 秒刷新 · {fmtTime(live.asOf)}</Text>}
        </View>

        <View className='dash-panel'>
          <Text className='dash-panel__title'>类型构成（本期受理）</Text>
          <Chart height={300} label='类型构成' option={options.category} onClick={(p) => p.data?.target && drill(p.data.target)} />
          <Mix slices={view.mix.category} onOpen={drill} />
        </View>
        <View className='dash-panel'>
          <Text className='dash-panel__title'>渠道构成（本期来件）</Text>
          {view.mix.channel && view.mix.channel.length > 0 ? (
            <>
              <Chart height={300} label='渠道构成' option={options.channel} onClick={(p) => p.data?.target && drill(p.data.target)} />
              <Mix slices={view.mix.channel} onOpen={drill} />
            </>
          ) : (
            <Text className='muted'>本期没有渠道来件</Text>
          )}
          <Text className='dash-panel__sub'>工单来源</Text>
          <Mix slices={view.mix.origin} onOpen={drill} />
        </View>

        <League title='村社区排行' rows={view.leagues.communities} ids={leagueIds} labels={labels} onOpen={rowOpen('community')} />
        <League title='部门排行' rows={view.leagues.departments} ids={leagueIds} labels={labels} onOpen={rowOpen('department')} />
      </View>
    </View>
  )
}

function Picker({ ids, value, labels, onPick }: { ids: IndexId[]; value: IndexId; labels: Record<string, string>; onPick: (id: IndexId) => void }) {
  return (
    <View className='dash-picker' role='group'>
      {ids.map((id) => (
        <Text key={id} className={`dash-chip${id === value ? ' dash-chip--on' : ''}`} {...AS_BUTTON} aria-pressed={id === value} onClick={() => onPick(id)}>
          {labels[id] ?? id}
        </Text>
      ))}
    </View>
  )
}

function Mix({ slices, onOpen }: { slices: Array<{ code: string; label: string; count: number; target: string }>; onOpen: (target: string) => void }) {
  return (
    <View className='dash-mix'>
      {slices.map((s) => (
        <Text key={s.target} className='dash-mix__item dash-link' {...AS_BUTTON} onClick={() => onOpen(s.target)}>
          {s.label} {s.count}
        </Text>
      ))}
    </View>
  )
}

const fmtTime = (iso: string) => {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000)
  return d.toISOString().slice(5, 16).replace('T', ' ')
}

/** Plain ECharts options from the view (nothing drawn by hand). */
function chartOptions(view: DashboardView, heatBy: IndexId, trendOf: IndexId, labels: Record<string, string>): Record<string, ChartOption> {
  const text = { color: '#1f2329', fontSize: 16 }
  const card = view.cards.find((c) => c.id === trendOf)
  const unit = card?.unit ?? 'count'
  const scale = (v: number | null) =>
    v === null ? null : unit === 'percent' ? Math.round(v * 1000) / 10 : unit === 'duration' ? Math.round((v / 3_600_000) * 10) / 10 : v
  const unitName = unit === 'percent' ? '%' : unit === 'duration' ? '小时' : '件'
  const heatCard = view.cards.find((c) => c.id === heatBy)
  const lowerIsBetter = heatCard?.better === 'down'
  const heatVals = view.heat.flatMap((c) => [c.values[heatBy], ...c.grids.map((g) => g.values[heatBy])]).filter((v): v is number => typeof v === 'number')
  const min = heatVals.length ? Math.min(...heatVals) : 0
  const max = heatVals.length ? Math.max(...heatVals) : 1
  const colour = (v: number | null | undefined) => {
    if (typeof v !== 'number') return '#d0d3d6'
    const f = max > min ? (v - min) / (max - min) : 0.5
    const i = Math.min(HEAT.length - 1, Math.floor((lowerIsBetter ? f : 1 - f) * HEAT.length))
    return HEAT[i]
  }
  const node = (r: IndexRowView) => ({
    name: r.name,
    code: r.code,
    value: Math.max(1, r.values.received ?? 0),
    itemStyle: { color: colour(r.values[heatBy]) },
    label: { formatter: `${r.name}\n${r.displays[heatBy] ?? '—'}` },
  })
  const pie = (slices: Array<{ label: string; count: number; target: string }>) => ({
    tooltip: { trigger: 'item', formatter: '{b}：{c} 件（{d}%）' },
    series: [
      {
        type: 'pie',
        radius: ['35%', '70%'],
        label: { ...text, formatter: '{b} {c}' },
        data: slices.slice(0, 10).map((s) => ({ name: s.label, value: s.count, target: s.target })),
      },
    ],
  })
  return {
    funnel: {
      tooltip: { trigger: 'item', formatter: '{b}：{c} 件' },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          minSize: '20%',
          label: { ...text, position: 'inside', color: '#fff', formatter: '{b} {c}' },
          data: view.funnel.map((s, i) => ({ name: s.label, value: s.count, itemStyle: { color: ['#0b5ed7', '#2f7be5', '#5b97ea', '#00802b'][i] } })),
        },
      ],
    },
    trend: {
      tooltip: { trigger: 'axis' },
      grid: { left: 60, right: 24, top: 30, bottom: 36 },
      xAxis: { type: 'category', data: view.trend.periods.map((p) => p.key.slice(2)), axisLabel: text },
      yAxis: { type: 'value', name: unitName, axisLabel: text, nameTextStyle: text },
      series: [
        {
          name: labels[trendOf],
          type: unit === 'count' ? 'bar' : 'line',
          data: (view.trend.series[trendOf] ?? []).map(scale),
          itemStyle: { color: '#0b5ed7' },
          connectNulls: false,
          label: { show: true, position: 'top', ...text, fontSize: 14 },
        },
      ],
    },
    heat: {
      tooltip: { formatter: (p: { data: { name: string; label: { formatter: string } } }) => p.data.label.formatter.replace('\n', '：') },
      series: [
        {
          type: 'treemap',
          roam: false,
          nodeClick: false,
          breadcrumb: { show: false },
          leafDepth: 2,
          width: '100%',
          height: '100%',
          label: { ...text, fontSize: 13, color: '#1f2329' },
          upperLabel: { show: true, height: 26, ...text, fontSize: 15, color: '#1f2329', backgroundColor: 'rgba(255,255,255,0.85)' },
          levels: [{ itemStyle: { gapWidth: 4, borderColor: '#fff' } }, { itemStyle: { gapWidth: 1, borderColor: '#fff' } }],
          data: view.heat.map((c) => ({ ...node(c), children: c.grids.map(node) })),
        },
      ],
    },
    category: pie(view.mix.category),
    channel: pie(view.mix.channel ?? []),
  }
}

export default function DashboardPage() {
  return (
    <PageShell wide>
      <Board />
    </PageShell>
  )
}
