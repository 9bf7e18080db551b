// The parts of ECharts the 一屏掌控 draws with (tree-shaken: line, bar, pie, funnel, treemap). Loaded by chart.tsx
// with import() on that page only, so it is in neither the first page's bundle nor any other page's.
import { BarChart, FunnelChart, LineChart, PieChart, TreemapChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([LineChart, BarChart, PieChart, FunnelChart, TreemapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer])

export { echarts }
