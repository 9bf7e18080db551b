export default definePageConfig({ navigationBarTitleText: '调解记录' })
