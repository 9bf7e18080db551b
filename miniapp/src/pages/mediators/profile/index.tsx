// 调解员资料: who a mediator is, their computed record (never typed), their leave (the mediator sets their own),
// declared relations (admins only), and the admin's edit.
import type { MediatorView } from '@jqtb/shared/src/mediators/dto'
import { Picker, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { AS_BUTTON } from '../../../components/a11y'
import { ActionButton } from '../../../components/action-button'
import { Field, TextInput } from '../../../components/form-fields'
import { PageShell } from '../../../components/page-shell'
import { ErrorState, Loading } from '../../../components/states'
import { useAction } from '../../../hooks/useAction'
import { useLoad } from '../../../hooks/useLoad'
import { useRefreshOnShow } from '../../../hooks/useRefreshOnShow'
import { getMediator, MEDIATOR_PAGES, myProfile, revealMediatorPhone, setAvailability } from '../../../services/mediators'
import { formatDateTime, localDateTimeToIso, todayString } from '../../../utils/time'
import { go, Row } from '../parts'
import '../parts.scss'
import './index.scss'

function Stat({ value, label }: { value: string; label: string }) {
  return (
    <View className='stat'>
      <Text className='stat__value'>{value}</Text>
      <Text className='stat__label'>{label}</Text>
    </View>
  )
}

function Availability({ m, onSaved }: { m: MediatorView; onSaved: (m: MediatorView) => void }) {
  const [date, setDate] = useState(todayString(7))
  const [note, setNote] = useState('')
  const leave = useAction(() => setAvailability(m.id, { until: localDateTimeToIso(date, '23:59'), ...(note.trim() ? { note: note.trim() } : {}) }), {
    success: '已登记休假',
  })
  const back = useAction(() => setAvailability(m.id, { until: null }), { success: '已恢复可安排' })
  const away = m.availability.onLeaveUntil
  return (
    <View className='card'>
      <Text className='med-title'>休假登记</Text>
      {away ? (
        <>
          <Text className='availability availability--away'>{`休假中，至 ${formatDateTime(away)}${m.availability.note ? `（${m.availability.note}）` : ''}`}</Text>
          <Text className='med-muted'>休假期间不会被推荐进攻坚小组。</Text>
        </>
      ) : (
        <Text className='availability'>现在可以安排调解</Text>
      )}
      {m.can.editAvailability && (
        <>
          <Field label='休假到哪天（含）'>
            <Picker mode='date' value={date} start={todayString(1)} onChange={(e) => setDate(e.detail.value)}>
              <View className='field__input datetime__part'>{date}</View>
            </Picker>
          </Field>
          <Field label='说明（选填，仅本人和管理员可见）' error={leave.error ?? back.error}>
            <TextInput value={note} onChange={setNote} placeholder='例如：外出培训' maxLength={60} />
          </Field>
          <View className='med-actions med-actions--inline'>
            <ActionButton kind='primary' busy={leave.busy} onClick={() => void leave.run().then((v) => v && onSaved(v))}>
              登记休假
            </ActionButton>
            {away && (
              <ActionButton busy={back.busy} onClick={() => void back.run().then((v) => v && onSaved(v))}>
                现在可以安排
              </ActionButton>
            )}
          </View>
        </>
      )}
    </View>
  )
}

function Profile({ id }: { id: string | null }) {
  const { data: m, error, loading, reload, setData } = useLoad(() => (id ? getMediator(id) : myProfile()), id ?? 'me')
  useRefreshOnShow(reload)
  const [phone, setPhone] = useState<string | null>(null)
  const reveal = useAction(async () => (m ? (await revealMediatorPhone(m.id)).phone : ''))
  if (!m && loading) return <Loading />
  if (!m)
    return (
      <ErrorState
        message={error === '调解员不存在或已被删除' && !id ? '您还不在调解员库中，请联系管理员添加' : (error ?? '加载失败')}
        onRetry={() => void reload()}
      />
    )
  const s = m.stats
  return (
    <View className='med-page profile'>
      <View className='card profile__head'>
        <View className='avatar'>{m.name.slice(-2)}</View>
        <View className='profile__who'>
          <View className='profile__line'>
            <Text className='profile__name'>{m.name}</Text>
            <Text className='tag tag--blue'>{m.typeLabel}</Text>
            {m.kind === 'external' && <Text className='tag'>{m.kindLabel}</Text>}
            {!m.active && <Text className='tag tag--red'>已停用</Text>}
          </View>
          <Text className='med-muted'>{[m.title, ...m.orgs.map((o) => o.name)].filter(Boolean).join(' · ')}</Text>
        </View>
      </View>

      <View className='card'>
        <Text className='med-title'>调解业绩（系统自动统计）</Text>
        <View className='stats'>
          <Stat value={String(s.done)} label='完成调解' />
          <Stat value={s.successRate === null ? '—' : `${s.successRate}%`} label='成功率' />
          <Stat value={s.avgDurationLabel} label='平均用时' />
          <Stat value={`${s.load}/${s.loadCap}`} label='在办' />
          <Stat value={s.averageRating === null ? '—' : `${s.averageRating}`} label={`评价（${s.ratingCount} 次）`} />
        </View>
      </View>

      <Availability m={m} onSaved={setData} />

      <View className='card'>
        <Text className='med-title'>资料</Text>
        <Row label='擅长纠纷'>
          <Text>{m.domains.map((d) => d.label).join('、') || '—'}</Text>
        </Row>
        <Row label='专长'>
          <Text>{m.specialties.join('、') || '—'}</Text>
        </Row>
        <Row label='乡音'>
          <Text>{m.dialects.join('、') || '—'}</Text>
        </Row>
        <Row label='年龄段'>
          <Text>{m.ageBandLabel ?? '—'}</Text>
        </Row>
        <Row label='从业年限'>
          <Text>{`${m.years} 年`}</Text>
        </Row>
        <Row label='家庭住址所在'>
          <Text>{m.home?.name ?? '—'}</Text>
        </Row>
        <Row label='联系方式'>
          <Text>{m.channelLabel}</Text>
        </Row>
        {m.phoneMasked && (
          <Row label='短信号码'>
            <Text>{phone ?? m.phoneMasked}</Text>
            {m.can.revealPhone && !phone && (
              <Text className='slot__toggle' {...AS_BUTTON} onClick={() => void reveal.run().then((p) => p && setPhone(p))}>
                {' 查看完整号码'}
              </Text>
            )}
          </Row>
        )}
        <Row label='公开名片'>
          <Text>{m.publicCard ? '已同意公开（群众可选择）' : '不公开'}</Text>
        </Row>
        {m.intro && <Text className='profile__intro'>{m.intro}</Text>}
      </View>

      {m.relations && (
        <View className='card'>
          <Text className='med-title'>申报的利害关系（仅管理员可见，用于回避）</Text>
          {m.relations.length === 0 && <Text className='med-muted'>未申报</Text>}
          {m.relations.map((r) => (
            <Row key={`${r.kind}:${r.name}`} label={r.kindLabel}>
              <Text>{[r.name, r.phoneMasked, r.note].filter(Boolean).join(' · ')}</Text>
            </Row>
          ))}
        </View>
      )}

      {m.can.edit && (
        <View className='med-actions'>
          <ActionButton kind='primary' onClick={() => go(`${MEDIATOR_PAGES.edit}?id=${encodeURIComponent(m.id)}`)}>
            编辑资料与申报关系
          </ActionButton>
        </View>
      )}
    </View>
  )
}

export default function MediatorProfilePage() {
  const { id } = useRouter().params
  return (
    <PageShell>
      <Profile id={id ? decodeURIComponent(id) : null} />
    </PageShell>
  )
}
