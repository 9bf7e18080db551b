// 法律咨询: the answerers' queue (staff tagged 专科医生, and the centre), one question, answering it, 转为纠纷.
import type { CitizenPhotoView, ConsultationView } from '@jqtb/shared/src/public/dto'
import { api } from './api'
import type { SessionUser } from './session'

export const CONSULT_TAG = '专科医生'

export const CONSULT_PAGES = {
  queue: '/pages/consult/index',
  question: '/pages/consult/question/index',
} as const

export const questionUrl = (id: string) => `${CONSULT_PAGES.question}?id=${encodeURIComponent(id)}`

/** A question as the answerers see it (the citizen's number masked, never their name). */
export interface StaffConsultation extends ConsultationView {
  dueAt: string
  overdue: boolean
  phoneMasked: string
}

export interface ConsultQueue {
  items: StaffConsultation[]
  open: number
  overdue: number
}

export const canAnswer = (u: SessionUser | null) => !!u && (!!u.tags?.includes(CONSULT_TAG) || u.roles.includes('dispatcher'))
export const isConsultant = (u: SessionUser | null) => !!u?.tags?.includes(CONSULT_TAG)

export const consultQueue = () => api<ConsultQueue>('/api/consultations')
export const getQuestion = (id: string) => api<StaffConsultation>(`/api/consultations/${encodeURIComponent(id)}`)
export const answerQuestion = (id: string, answer: string) =>
  api<{ result: 'answered' }>(`/api/consultations/${encodeURIComponent(id)}/answer`, { method: 'POST', data: { answer } })
export const questionToDispute = (id: string) => api<{ code: string }>(`/api/consultations/${encodeURIComponent(id)}/dispute`, { method: 'POST' })

export const photoUrl = (p: CitizenPhotoView) => p.url
