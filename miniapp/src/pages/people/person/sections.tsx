// The lower parts of a person's page: platform accounts, 停用/恢复, and the history of changes.
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ActionButton } from '../../../components/action-button'
import { Field, TextArea, TextInput } from '../../../components/form-fields'
import { Sheet } from '../../../components/sheet'
import { useAction } from '../../../hooks/useAction'
import { deactivatePerson, linkIdentity, type PersonChange, type PersonDetail, type Platform, reactivatePerson, unlinkIdentity } from '../../../services/people'
import { formatDateTime } from '../../../utils/time'

const PLATFORMS: Array<{ provider: Platform; label: string; field: string; placeholder: string }> = [
  { provider: 'dingtalk', label: '钉钉', field: 'userid', placeholder: '钉钉 userid' },
  { provider: 'zhezhengding', label: '浙政钉', field: 'accountId', placeholder: '浙政钉 accountId（数字）' },
]

const confirm = async (title: string, content: string) => (await Taro.showModal({ title, content, confirmText: '确定', cancelText: '取消' })).confirm

function Account({
  person,
  platform,
  admin,
  self,
  onChanged,
}: {
  person: PersonDetail
  platform: (typeof PLATFORMS)[number]
  admin: boolean
  self: boolean
  onChanged: (p: PersonDetail) => void
}) {
  const linked = person.identities.find((i) => i.provider === platform.provider)
  const [value, setValue] = useState('')
  const link = useAction(() => linkIdentity(person.id, platform.provider, value.trim()), { success: `已关联${platform.label}账号` })
  const unlink = useAction(() => unlinkIdentity(person.id, platform.provider), { success: `已解除${platform.label}账号` })
  const onlyOne = person.identities.length === 1 && !!linked
  return (
    <View className='person-account'>
      <View className='people-row'>
        <Text className='muted'>{platform.label}</Text>
        {linked ? (
          <View className='person-account__linked'>
            <Text className='person-account__id'>
              {platform.field} {linked.externalId}
            </Text>
            {admin && !(self && onlyOne) && (
              <ActionButton
                small
                kind='danger'
                busy={unlink.busy}
                onClick={async () => {
                  const warn = onlyOne ? `解除后${person.name}将无法登录。` : ''
                  if (!(await confirm(`解除${platform.label}账号？`, `${warn}该账号从此不能以${person.name}的身份登录。`))) return
                  const p = await unlink.run()
                  if (p) onChanged(p)
                }}
              >
                解除
              </ActionButton>
            )}
          </View>
        ) : (
          <Text className='faint'>未关联</Text>
        )}
      </View>
      {admin && !linked && (
        <View className='person-account__add'>
          <TextInput name={`link-${platform.provider}`} value={value} onChange={setValue} maxLength={64} placeholder={platform.placeholder} />
          <ActionButton
            small
            kind='ghost'
            busy={link.busy}
            disabled={!value.trim()}
            onClick={async () => {
              const p = await link.run()
              if (p) {
                setValue('')
                onChanged(p)
              }
            }}
          >
            关联
          </ActionButton>
        </View>
      )}
      {(link.error || unlink.error) && <Text className='error-text'>{link.error ?? unlink.error}</Text>}
    </View>
  )
}

/** 登录账号: the DingTalk userid and 浙政钉 accountId this person signs in with. */
export function Identities(props: { person: PersonDetail; admin: boolean; self: boolean; onChanged: (p: PersonDetail) => void }) {
  return (
    <View className='card'>
      <Text className='person__section'>登录账号</Text>
      {props.person.identities.length === 0 && <Text className='people-note people-note--inline'>没有关联任何账号：此人无法登录</Text>}
      {PLATFORMS.map((platform) => (
        <Account key={platform.provider} platform={platform} {...props} />
      ))}
    </View>
  )
}

/** 停用 (with a reason, confirmed in a sheet) or 恢复. */
export function Status({ person, self, onChanged }: { person: PersonDetail; self: boolean; onChanged: (p: PersonDetail) => void }) {
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const off = useAction(() => deactivatePerson(person.id, reason.trim()), { success: '已停用' })
  const on = useAction(() => reactivatePerson(person.id), { success: '已恢复' })
  return (
    <View className='card'>
      <Text className='person__section'>账号状态</Text>
      {person.active ? (
        <>
          <Text className='muted person__status-text'>在职：可以登录和办理工单。</Text>
          {self ? (
            <Text className='faint'>不能停用自己的账号。</Text>
          ) : (
            <ActionButton kind='danger' block onClick={() => setOpen(true)}>
              停用
            </ActionButton>
          )}
        </>
      ) : (
        <>
          <Text className='muted person__status-text'>
            {person.departure ? `${formatDateTime(person.departure.at)} 由${person.departure.by}停用` : '已停用'}
            {person.departure?.reason ? `：${person.departure.reason}` : ''}
          </Text>
          <ActionButton
            kind='primary'
            block
            busy={on.busy}
            onClick={async () => {
              const p = await on.run()
              if (p) onChanged(p)
            }}
          >
            恢复
          </ActionButton>
          {on.error && <Text className='error-text'>{on.error}</Text>}
        </>
      )}
      <Sheet
        title={`停用${person.name}`}
        open={open}
        onClose={() => setOpen(false)}
        footer={
          <>
            <ActionButton onClick={() => setOpen(false)}>取消</ActionButton>
            <ActionButton
              kind='danger'
              busy={off.busy}
              onClick={async () => {
                const p = await off.run()
                if (p) {
                  setOpen(false)
                  setReason('')
                  onChanged(p)
                }
              }}
            >
              确认停用
            </ActionButton>
          </>
        }
      >
        <Text className='release-warning'>停用后{person.name}立即不能登录，已登录的手机也会在下一次操作时退出。以后可以随时恢复。</Text>
        <Field label='原因' hint='选填，会记在变更记录里'>
          <TextArea name='deactivate-reason' value={reason} onChange={setReason} maxLength={200} placeholder='如：调离、离职、长期病假' />
        </Field>
        {off.error && <Text className='error-text'>{off.error}</Text>}
      </Sheet>
    </View>
  )
}

/** 变更记录: every change, newest first — who, when, what (phones masked). */
export function History({ entries }: { entries: PersonChange[] }) {
  return (
    <View className='card person-history'>
      <Text className='person__section'>变更记录</Text>
      {entries.length === 0 && <Text className='faint'>暂无记录（演示数据导入的人员从第一次修改开始记录）</Text>}
      {entries.map((e) => (
        <View key={e.seq} className={`person-history__entry person-history__entry--${e.kind}`}>
          <View className='person-history__head'>
            <Text className='person-history__kind'>{e.kindLabel}</Text>
            <Text className='faint'>
              {e.actor.name} · {formatDateTime(e.at)}
            </Text>
          </View>
          {e.changes.map((c) => (
            <Text key={c.field} className='person-history__change'>
              {e.kind === 'created' ? `${c.label}：${c.to}` : `${c.label}：${c.from} → ${c.to}`}
            </Text>
          ))}
          {e.note && <Text className='person-history__note'>{e.note}</Text>}
        </View>
      ))}
    </View>
  )
}
