import { Input, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { Chips } from '../form-fields'
import { PageTitle } from '../page-title'
import './index.scss'

export interface FilterOption {
  value: string
  label: string
  /** how many items this chip would show (GET /api/tasks/counts) */
  count?: number
}

interface Props {
  title: string
  subtitle?: string
  /** the main row of chips (state groups, risk …) */
  options: FilterOption[]
  value: string
  onChange: (v: string) => void
  /** a search box for words in the title or the task number */
  onSearch?: (q: string) => void
  /** the search in force (the box follows it when the page clears it) */
  search?: string
  /** what the search box says it searches */
  searchPlaceholder?: string
  /** a second row of chips */
  extra?: { options: FilterOption[]; value: string; onChange: (v: string) => void }
}

/** A list page's head: its title, filter chips and (optionally) a search box. */
export function FilterBar({ title, subtitle, options, value, onChange, onSearch, search, searchPlaceholder, extra }: Props) {
  const [q, setQ] = useState(search ?? '')
  useEffect(() => setQ(search ?? ''), [search])
  return (
    <View className='filter-bar'>
      <View className='filter-bar__head'>
        <PageTitle className='filter-bar__title'>{title}</PageTitle>
        {subtitle && <Text className='faint'>{subtitle}</Text>}
      </View>
      {onSearch && (
        <Input
          className='filter-bar__search'
          value={q}
          placeholder={searchPlaceholder ?? '搜索标题或工单编号'}
          confirmType='search'
          onInput={(e) => setQ(e.detail.value)}
          onConfirm={() => onSearch(q.trim())}
          onBlur={() => onSearch(q.trim())}
        />
      )}
      <View className='filter-bar__chips'>
        <Chips options={options} value={value} onChange={onChange} />
      </View>
      {extra && (
        <View className='filter-bar__chips filter-bar__chips--scroll'>
          <Chips options={extra.options} value={extra.value} onChange={extra.onChange} />
        </View>
      )}
    </View>
  )
}
