export default definePageConfig({ navigationBarTitleText: '记录进展' })
