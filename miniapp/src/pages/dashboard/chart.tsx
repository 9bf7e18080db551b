import { Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'

type EChartsModule = typeof import('./echarts')
type Instance = ReturnType<EChartsModule['echarts']['init']>
// biome-ignore lint/suspicious/noExplicitAny: ECharts option objects are deeply typed unions; the page builds plain ones
export type ChartOption = Record<string, any>
export interface ChartClick {
  name: string
  // biome-ignore lint/suspicious/noExplicitAny: the data item the option gave (each chart its own shape)
  data: any
  dataIndex: number
  seriesIndex?: number
}

let loading: Promise<EChartsModule> | null = null
/** ECharts, fetched the first time a chart is drawn (a separate chunk of this page). */
function loadECharts(): Promise<EChartsModule> {
  loading ??= import(/* webpackChunkName: "echarts" */ './echarts').catch((e) => {
    loading = null
    throw e
  })
  return loading
}

let seq = 0

/**
 * One chart (H5 only: the large screen is opened in a browser). `label` names it for screen readers; the numbers it
 * draws are also on the page as text (cards, tables), each opening the cases behind it.
 */
export function Chart({ option, onClick, height, label }: { option: ChartOption; onClick?: (p: ChartClick) => void; height: number; label: string }) {
  const [id] = useState(() => `chart-${++seq}`)
  const chart = useRef<Instance | null>(null)
  const click = useRef(onClick)
  click.current = onClick
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return
    let gone = false
    let observer: ResizeObserver | null = null
    loadECharts()
      .then(({ echarts }) => {
        const el = document.getElementById(id)
        if (gone || !el) return
        const c = echarts.init(el as HTMLElement)
        chart.current = c
        c.on('click', (p) => click.current?.(p as unknown as ChartClick))
        observer = new ResizeObserver(() => c.resize())
        observer.observe(el as HTMLElement)
      })
      .catch(() => setFailed(true))
    return () => {
      gone = true
      observer?.disconnect()
      chart.current?.dispose()
      chart.current = null
    }
  }, [id])

  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return
    let gone = false
    const draw = () => {
      if (gone) return
      if (chart.current) chart.current.setOption(option, { notMerge: true })
      else setTimeout(draw, 50)
    }
    loadECharts().then(draw, () => {})
    return () => {
      gone = true
    }
  }, [option])

  if (process.env.TARO_ENV !== 'h5') return <Text className='muted'>图表请在电脑浏览器中打开一屏掌控查看</Text>
  if (failed) return <Text className='muted'>图表加载失败（网络），请刷新页面</Text>
  return <View id={id} className='dash-chart' style={{ height: `${height}PX` }} role='img' aria-label={label} />
}
