/** 法律咨询: the topics a citizen picks (plain words). */
export const CONSULT_TOPICS = ['family', 'labour', 'debt', 'property', 'land', 'traffic', 'other'] as const
export type ConsultTopic = (typeof CONSULT_TOPICS)[number]
export const CONSULT_TOPIC_LABELS: Record<ConsultTopic, string> = {
  family: '婚姻家庭、继承',
  labour: '工作、工资、工伤',
  debt: '借款、合同',
  property: '房屋、物业',
  land: '土地、宅基地',
  traffic: '交通事故',
  other: '其他',
}
