// One 法律咨询 (what a DingTalk work notice opens): the question and its photos, the time left, an answer box
// with one clear 提交解答, and 转为纠纷 (filed as the citizen's dispute into 统一归口, once). When someone else
// answered first, the page says so in a sentence and shows their answer instead of an error.
import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { ActionButton } from '../../../components/action-button'
import { Field, TextArea } from '../../../components/form-fields'
import { PageShell } from '../../../components/page-shell'
import { ErrorState, Loading } from '../../../components/states'
import { useAction } from '../../../hooks/useAction'
import { useDraft } from '../../../hooks/useDraft'
import { useLoad } from '../../../hooks/useLoad'
import { getPlatform } from '../../../platform'
import { ApiError } from '../../../services/api'
import { answerQuestion, CONSULT_PAGES, getQuestion, photoUrl, questionToDispute, type StaffConsultation } from '../../../services/consultations'
import { goBackOr } from '../../../shell/navigation'
import { formatDateTime } from '../../../utils/time'
import { SlaLeft } from '../parts'
import '../parts.scss'

const MIN_ANSWER = 5

function Photos({ q }: { q: StaffConsultation }) {
  const urls = (Array.isArray(q.photos) ? q.photos : []).map(photoUrl).filter(Boolean)
  if (!urls.length) return null
  return (
    <View className='question__photos'>
      {urls.map((url, i) => (
        <Image
          key={url}
          className='question__photo'
          src={url}
          mode='aspectFill'
          nativeProps={{ alt: `提问人上传的照片 ${i + 1}（点击查看大图）` }}
          onClick={() => getPlatform().previewImages(urls, url)}
        />
      ))}
    </View>
  )
}

function Question({ id }: { id: string }) {
  const { data: q, error, loading, reload, setData } = useLoad(() => getQuestion(id), id)
  const [draft, setDraft, clearDraft] = useDraft(`consult-answer:${id}`, { answer: '' })
  const [beaten, setBeaten] = useState(false)
  const [confirmDispute, setConfirmDispute] = useState(false)
  const answer = useAction(
    async () => {
      try {
        await answerQuestion(id, draft.answer.trim())
      } catch (e) {
        // someone else answered first: not an error for this person, just news
        if (e instanceof ApiError && e.status === 409) {
          clearDraft()
          setBeaten(true)
          await reload()
          return 'beaten' as const
        }
        throw e
      }
      clearDraft()
      await reload()
      return 'answered' as const
    },
    { success: (r) => (r === 'answered' ? '解答已发送' : '') },
  )
  const dispute = useAction(
    async () => {
      const out = await questionToDispute(id)
      setConfirmDispute(false)
      if (q) setData({ ...q, caseCode: out.code })
      return out
    },
    { success: '已转为纠纷' },
  )

  if (!q && loading) return <Loading />
  if (!q)
    return (
      <View className='consult'>
        <ErrorState message={error ?? '咨询不存在'} onRetry={() => void reload()} />
        <View className='question__actions'>
          <ActionButton onClick={() => void Taro.redirectTo({ url: CONSULT_PAGES.queue })}>查看全部法律咨询</ActionButton>
        </View>
      </View>
    )
  const answered = !!q.answer
  const tooShort = draft.answer.trim().length < MIN_ANSWER
  return (
    <View className='consult'>
      {beaten && (
        <Text className='question__notice' {...{ role: 'status' }}>
          您提交前，已有其他人解答了这条咨询。下面是他们的解答，您的内容没有发送。
        </Text>
      )}
      <View className={`card consult-item${q.overdue ? ' consult-item--over' : ''}${answered ? ' consult-item--done' : ''}`}>
        <View className='consult-item__top'>
          <Text className='consult-item__topic'>{q.topicLabel}</Text>
          <SlaLeft dueAt={q.dueAt} answered={answered} />
        </View>
        <Text className='question__text'>{q.question}</Text>
        <Photos q={q} />
        <View className='question__row'>
          <Text className='question__label'>提问时间</Text>
          <Text>{formatDateTime(q.askedAt)}</Text>
        </View>
        <View className='question__row'>
          <Text className='question__label'>解答期限</Text>
          <Text>{formatDateTime(q.dueAt)}</Text>
        </View>
        <View className='question__row'>
          <Text className='question__label'>提问人</Text>
          <Text>{q.phoneMasked}</Text>
        </View>
        {q.caseCode && (
          <View className='question__row'>
            <Text className='question__label'>已转为纠纷</Text>
            <Text>{`案件码 ${q.caseCode}`}</Text>
          </View>
        )}
      </View>

      {answered ? (
        <View className='card'>
          <Text className='question__section'>{`解答（${q.answeredBy ?? ''}，${formatDateTime(q.answeredAt)}）`}</Text>
          <Text className='question__answer'>{q.answer}</Text>
        </View>
      ) : (
        <View className='card'>
          <Field label='您的解答' required error={answer.error}>
            <TextArea
              value={draft.answer}
              onChange={(v) => setDraft({ answer: v })}
              placeholder='用群众听得懂的话回答：可以怎么做、去哪里、带什么材料'
              maxLength={2000}
            />
          </Field>
          <Text className='question__hint'>
            {tooShort ? `至少写 ${MIN_ANSWER} 个字。` : ''}提交后提问人会收到短信，在页面上看到您的解答（署名为“律师 / 司法所”，不显示您的姓名）。只能解答一次。
          </Text>
          <View className='question__actions'>
            <ActionButton kind='primary' block busy={answer.busy} disabled={tooShort} onClick={() => void answer.run()}>
              提交解答
            </ActionButton>
          </View>
        </View>
      )}

      {!q.caseCode && (
        <View className='card'>
          <Text className='question__section'>需要上门调解或部门处理？</Text>
          <Text className='question__hint'>转为纠纷后，这条咨询会作为提问人的纠纷进入统一归口，由社治中心研判处理（只转一次）。</Text>
          {dispute.error && <Text className='error-text'>{dispute.error}</Text>}
          <View className='question__actions'>
            {confirmDispute ? (
              <>
                <ActionButton kind='danger' block busy={dispute.busy} onClick={() => void dispute.run()}>
                  确认转为纠纷
                </ActionButton>
                <ActionButton block onClick={() => setConfirmDispute(false)}>
                  不转了
                </ActionButton>
              </>
            ) : (
              <ActionButton block onClick={() => setConfirmDispute(true)}>
                转为纠纷
              </ActionButton>
            )}
          </View>
        </View>
      )}

      <View className='question__actions'>
        <ActionButton kind='ghost' block onClick={() => goBackOr(CONSULT_PAGES.queue)}>
          返回咨询列表
        </ActionButton>
      </View>
    </View>
  )
}

export default function ConsultQuestionPage() {
  const { id } = useRouter().params
  return <PageShell>{id ? <Question id={decodeURIComponent(id)} /> : <ErrorState message='没有指定咨询' />}</PageShell>
}
