// 重点关注 (民转刑): the people and addresses whose risk stays high, red first; the 派出所 adds by hand.
import type { WatchItemView } from '@jqtb/shared/src/risk/dto'
import type { AddWatchInput } from '@jqtb/shared/src/risk/schemas'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { ActionButton } from '../../../components/action-button'
import { Chips, Field, TextArea, TextInput } from '../../../components/form-fields'
import { PageShell } from '../../../components/page-shell'
import { PageTitle } from '../../../components/page-title'
import { Sheet } from '../../../components/sheet'
import { EmptyState, ErrorState, Loading } from '../../../components/states'
import { useAction } from '../../../hooks/useAction'
import { usePagedList } from '../../../hooks/usePagedList'
import { ApiError } from '../../../services/http'
import { addToWatch, watchList } from '../../../services/risk'
import { goBackOr, PAGES } from '../../../shell/navigation'
import { openSubject, SubjectSummary } from '../parts'
import '../parts.scss'

type Kind = '' | 'party' | 'address'
const KINDS = [
  { value: '', label: '全部' },
  { value: 'party', label: '当事人' },
  { value: 'address', label: '地址' },
] as const

function AddSheet({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [kind, setKind] = useState<'party' | 'address'>('party')
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  const [address, setAddress] = useState('')
  const [reason, setReason] = useState('')
  const add = useAction(
    async () => {
      const body: AddWatchInput =
        kind === 'party' ? { kind, name: name.trim(), phone: phone.trim(), reason: reason.trim() } : { kind, address: address.trim(), reason: reason.trim() }
      const s = await addToWatch(body)
      onClose()
      openSubject(s.id)
      return s
    },
    { success: '已列入重点关注' },
  )
  return (
    <Sheet
      title='人工列入重点关注'
      open={open}
      onClose={onClose}
      footer={
        <ActionButton block kind='primary' busy={add.busy} onClick={() => void add.run()}>
          列入
        </ActionButton>
      }
    >
      <Field label='对象' required>
        <Chips
          options={[
            { value: 'party', label: '当事人' },
            { value: 'address', label: '地址' },
          ]}
          value={kind}
          onChange={setKind}
        />
      </Field>
      {kind === 'party' ? (
        <>
          <Field label='姓名' required>
            <TextInput name='watch-name' value={name} onChange={setName} maxLength={40} placeholder='当事人姓名' />
          </Field>
          <Field label='联系电话' required hint='按号码识别同一人；名单上只显示脱敏号码'>
            <TextInput name='watch-phone' type='number' value={phone} onChange={setPhone} maxLength={13} placeholder='手机或固话' />
          </Field>
        </>
      ) : (
        <Field label='详细地址' required hint='写到小区、幢或门牌号'>
          <TextInput name='watch-address' value={address} onChange={setAddress} maxLength={100} placeholder='例如：新城社区8幢底商' />
        </Field>
      )}
      <Field label='列入理由' required>
        <TextArea name='watch-reason' value={reason} onChange={setReason} maxLength={200} placeholder='例如：多次扬言报复，需重点关注' />
      </Field>
      {add.error && <Text className='error-text'>{add.error}</Text>}
    </Sheet>
  )
}

function Denied({ message }: { message: string }) {
  return (
    <View className='watch-denied'>
      <EmptyState title='重点关注名单仅社治中心和派出所可见' hint={message} />
      <ActionButton onClick={() => goBackOr(PAGES.me)}>返回</ActionButton>
    </View>
  )
}

function Watch() {
  const [kind, setKind] = useState<Kind>('')
  const [adding, setAdding] = useState(false)
  const [counts, setCounts] = useState<{ red: number; yellow: number; total: number } | null>(null)
  const [denied, setDenied] = useState<string | null>(null)
  const list = usePagedList<WatchItemView>(async (cursor) => {
    try {
      const page = await watchList(kind ? { kind } : {}, cursor)
      setCounts(page.counts)
      return page
    } catch (e) {
      if (e instanceof ApiError && e.status === 403) setDenied(e.message)
      throw e
    }
  }, kind)

  if (denied) return <Denied message={denied} />
  return (
    <View className='watch with-bottom-bar'>
      <PageTitle>重点关注（民转刑）</PageTitle>
      {counts && (
        <View className='watch-counts'>
          <View className='watch-counts__item'>
            <Text className='watch-counts__value watch-counts__value--red'>{counts.red}</Text>
            <Text className='muted'>红色</Text>
          </View>
          <View className='watch-counts__item'>
            <Text className='watch-counts__value watch-counts__value--amber'>{counts.yellow}</Text>
            <Text className='muted'>黄色</Text>
          </View>
          <View className='watch-counts__item'>
            <Text className='watch-counts__value'>{counts.total}</Text>
            <Text className='muted'>名单对象</Text>
          </View>
        </View>
      )}
      <View className='watch-actions'>
        <Chips options={KINDS} value={kind} onChange={setKind} />
      </View>
      {list.loading && !list.items.length ? (
        <Loading />
      ) : list.error && !list.items.length ? (
        <ErrorState message={list.error} onRetry={() => void list.refresh()} />
      ) : list.items.length === 0 ? (
        <EmptyState title='名单上暂无对象' hint='有红色或黄色预警案件、或反复报警的当事人和地址会自动列入' />
      ) : (
        list.items.map((s) => <SubjectSummary key={s.id} s={s} onOpen={() => openSubject(s.id)} />)
      )}
      {list.nextCursor && (
        <View className='watch-actions'>
          <ActionButton block busy={list.loadingMore} onClick={() => void list.loadMore()}>
            加载更多
          </ActionButton>
        </View>
      )}
      <View className='bottom-bar'>
        <View className='bottom-bar__inner'>
          <ActionButton kind='primary' block onClick={() => setAdding(true)}>
            + 人工列入
          </ActionButton>
        </View>
      </View>
      {adding && (
        <AddSheet
          open={adding}
          onClose={() => {
            setAdding(false)
            void list.refresh()
          }}
        />
      )}
    </View>
  )
}

/** 重点关注名单: for the centre and the 派出所 only. */
export default function WatchPage() {
  return (
    <PageShell>
      <Watch />
    </PageShell>
  )
}
